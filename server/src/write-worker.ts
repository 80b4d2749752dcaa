// A worker thread that makes the atomic writes of `kube-ha lint --fix` (write-thread.ts): each
// write's fs calls go through this thread's event loop while the CLI's thread fixes the next files.
import { parentPort, type MessagePort } from 'worker_threads';
import { createFolderSync, writeFileAtomic } from './atomic-write';
import type { WriteRequest, WriteResult } from './write-thread';

function serve(port: MessagePort) {
  const syncFolder = createFolderSync();
  port.on('message', (m: WriteRequest) => {
    const file = typeof m.file === 'string' ? m.file : Buffer.from(m.file.buffer, m.file.byteOffset, m.file.byteLength);
    writeFileAtomic(file, m.data, { syncFolder }).then(
      () => port.postMessage({ id: m.id } satisfies WriteResult),
      (err: NodeJS.ErrnoException) =>
        port.postMessage({ id: m.id, error: { message: err.message, code: err.code } } satisfies WriteResult),
    );
  });
}

if (parentPort) serve(parentPort);
