// The kube-ha language server process: one connection over stdio (or the transport Node's
// arguments name), served by createServer.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './create-server';
import { MAX_MESSAGE_BYTES, watchMessageSizes } from './stdio-limit';

const connection = createConnection(ProposedFeatures.all);
createServer(connection);
// Beside the connection's own reader, attached in the same tick (no data is emitted before).
if (process.argv.includes('--stdio')) {
  watchMessageSizes(process.stdin, MAX_MESSAGE_BYTES, (n) => {
    process.stderr.write(
      `kube-ha: an LSP message of ${n} bytes is over the limit of ${MAX_MESSAGE_BYTES} bytes: exiting\n`,
    );
    process.exit(1);
  });
}
connection.listen();
