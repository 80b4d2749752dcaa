// The kube-ha language server process: one connection over stdio (or the transport Node's
// arguments name), served by createServer.
import { format } from 'util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { createServer } from './create-server';
import { BatchedMessageWriter } from './batched-writer';
import { MAX_MESSAGE_BYTES, watchMessageSizes } from './stdio-limit';

const stdio = process.argv.includes('--stdio');
// Over stdio, messages go out through a writer that batches them (batched-writer.ts); the library
// then no longer knows stdout is the channel, so console output goes to the client's log here.
// stdin is passed as a stream (not a reader) so the library still exits when it ends; the
// library takes a writer in place of a stream at run time (its types pair streams or readers).
const connection = stdio
  ? createConnection(
      ProposedFeatures.all,
      process.stdin,
      new BatchedMessageWriter(process.stdout) as unknown as NodeJS.WritableStream,
    )
  : createConnection(ProposedFeatures.all);
if (stdio) consoleToClient(connection);
createServer(connection, { sendsJson: stdio });
// Beside the connection's own reader, attached in the same tick (no data is emitted before).
if (stdio) {
  watchMessageSizes(process.stdin, MAX_MESSAGE_BYTES, (n) => {
    process.stderr.write(
      `kube-ha: an LSP message of ${n} bytes is over the limit of ${MAX_MESSAGE_BYTES} bytes: exiting\n`,
    );
    process.exit(1);
  });
}
connection.listen();

/** console.* writes to stdout, the protocol's channel: send it to the client's log instead. */
function consoleToClient(c: Connection) {
  const to =
    (f: (m: string) => void) =>
    (...args: unknown[]) =>
      f(format(...args));
  console.log = console.info = to((m) => c.console.log(m));
  console.debug = console.trace = to((m) => c.console.log(m));
  console.warn = to((m) => c.console.warn(m));
  console.error = to((m) => c.console.error(m));
}
