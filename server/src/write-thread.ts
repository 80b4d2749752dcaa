// The atomic writes of `kube-ha lint --fix` in a worker thread (write-worker.ts): a write is about
// ten fs calls, each a round trip through the event loop, and made on the CLI's thread they cost
// it about as much as fixing the file. Without the worker (its file missing, it cannot start, it
// dies) the writes are made on this thread; one a dead worker had under way is made again here,
// with the same bytes, so the file ends up the same whether or not the worker got to it.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { createFolderSync, writeFileAtomic } from './atomic-write';

export interface WriteRequest {
  id: number;
  /** A real path; bytes for a name that is not valid UTF-8. */
  file: string | Uint8Array;
  data: Uint8Array;
}
export interface WriteResult {
  id: number;
  /** Set when the write failed (the file is unchanged). */
  error?: { message: string; code?: string };
}

export interface Writer {
  /** writeFileAtomic(file, data); folder fsyncs are shared by the writes under way (createFolderSync). */
  write(file: string | Buffer, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  file: string | Buffer;
  data: Uint8Array;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** A writer; in a worker thread when `thread` (and the worker starts), else on this thread. */
export function createWriter(o: { thread: boolean; workerFile?: string }): Writer {
  const syncFolder = createFolderSync();
  const here = (file: string | Buffer, data: Uint8Array) => writeFileAtomic(file, data, { syncFolder });
  const workerFile = o.workerFile ?? path.join(__dirname, 'write-worker.js');
  let worker: Worker | null = null;
  if (o.thread && fs.existsSync(workerFile)) {
    try {
      worker = new Worker(workerFile);
    } catch {
      worker = null;
    }
  }
  const pending = new Map<number, Pending>();
  // Every write made, for close() to wait for (the caller may stop before it has awaited them all).
  const made = new Set<Promise<void>>();
  let nextId = 0;
  if (worker) {
    const w = worker;
    w.on('message', (r: WriteResult) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (!r.error) p.resolve();
      else p.reject(Object.assign(new Error(r.error.message), r.error.code ? { code: r.error.code } : {}));
      if (pending.size === 0) w.unref(); // an idle worker does not keep the process alive
    });
    const fail = () => {
      if (worker === w) worker = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        here(p.file, p.data).then(p.resolve, p.reject);
      }
    };
    w.on('error', fail);
    w.on('exit', fail);
    w.unref();
  }
  return {
    write(file, data) {
      const w = worker;
      const done = w ? inWorker(w, file, data) : here(file, data);
      made.add(done);
      const forget = () => made.delete(done);
      done.then(forget, forget);
      return done;
    },
    async close() {
      await Promise.allSettled([...made]);
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
  function inWorker(w: Worker, file: string | Buffer, data: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { file, data, resolve, reject });
      w.ref(); // its answers are awaited
      // Copied, not transferred: a small Buffer's memory is a slice of a pool that others share.
      w.postMessage({ id, file, data } satisfies WriteRequest);
    });
  }
}
