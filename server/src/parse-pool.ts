// Worker threads that read and parse workspace files (parse-worker.ts), so the workspace scan uses
// every core; the main thread only indexes what they send back. Without workers (the worker file
// is missing, a worker cannot start) or when one dies, callers parse on the main thread instead:
// a file is never dropped.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FileData } from './engine/parse';

export interface ParseRequest { id: number; path: string; maxBytes: number }
export type ParseResult =
  | { id: number; text: string; invalidAt: number | null; data: FileData }
  | { id: number; overLimit: number }
  | { id: number; error: string };

export interface ParsePool {
  /** Read and parse a file in a worker; rejects when no worker could do it (parse it here then). */
  parse(filePath: string, maxBytes: number): Promise<ParseResult>;
  close(): Promise<void>;
}

/** Requests a worker has at once: its reads overlap its parsing. */
const PER_WORKER = 4;

interface Slot { worker: Worker; answered: boolean; pending: Map<number, { resolve: (r: ParseResult) => void; reject: (e: Error) => void }> }

/** A pool of `size` workers (default: one per core), or null when workers cannot be started here. */
export function createParsePool(size = Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length)), workerFile = path.join(__dirname, 'parse-worker.js')): ParsePool | null {
  if (!fs.existsSync(workerFile)) return null;
  let slots: Slot[];
  try {
    slots = Array.from({ length: size }, () => start());
  } catch {
    return null;
  }
  const queue: { req: ParseRequest; resolve: (r: ParseResult) => void; reject: (e: Error) => void }[] = [];
  let nextId = 0;
  let closed = false;

  function start(): Slot {
    const slot: Slot = { worker: new Worker(workerFile), answered: false, pending: new Map() };
    slot.worker.on('message', (r: ParseResult) => {
      slot.answered = true;
      const p = slot.pending.get(r.id);
      slot.pending.delete(r.id);
      p?.resolve(r);
      dispatch();
      if (slot.pending.size === 0) slot.worker.unref(); // an idle pool does not keep the process alive
    });
    // A worker that dies takes its requests with it: they fail (and are parsed by the caller), and
    // a new worker takes its place — unless it died before answering anything (it cannot start).
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (closed) return;
      const i = slots.indexOf(slot);
      if (i >= 0) {
        if (!slot.answered) slots.splice(i, 1);
        else try { slots[i] = start(); } catch { slots.splice(i, 1); }
      }
      dispatch();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`parse worker exited with code ${code}`)));
    slot.worker.unref();
    return slot;
  }

  function dispatch() {
    for (const slot of slots) {
      while (queue.length && slot.pending.size < PER_WORKER) {
        const { req, resolve, reject } = queue.shift()!;
        slot.pending.set(req.id, { resolve, reject });
        slot.worker.ref(); // a busy worker does: its answers are awaited
        slot.worker.postMessage(req);
      }
    }
    if (slots.length === 0) for (const q of queue.splice(0)) q.reject(new Error('no parse worker'));
  }

  return {
    parse(filePath, maxBytes) {
      if (closed) return Promise.reject(new Error('parse pool closed'));
      return new Promise((resolve, reject) => {
        queue.push({ req: { id: nextId++, path: filePath, maxBytes }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0)) q.reject(new Error('parse pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
