// Worker threads that read and parse workspace files (parse-worker.ts), so the workspace scan uses
// every core; the main thread only indexes what they send back. Without workers (the worker file
// is missing, a worker cannot start) or when one dies, callers parse on the main thread instead:
// a file is never dropped.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FileData } from './engine/parse';

export interface ParseRequest {
  id: number;
  path: string;
  maxBytes: number;
}
export type ParseResult =
  | { id: number; text: string; invalidAt: number | null; data: FileData }
  | { id: number; overLimit: number }
  | { id: number; skip: string }
  | { id: number; error: string };

export interface ParsePool {
  /** Read and parse a file in a worker; rejects when no worker could do it (parse it here then).
   *  `first`: ahead of the requests already waiting (a file an open one depends on). */
  parse(filePath: string, maxBytes: number, o?: { first?: boolean }): Promise<ParseResult>;
  close(): Promise<void>;
}

/** Files sent to a worker in one message, and batches a worker holds at once: a message per file
 *  would cost the main thread more than indexing the file does (bench/RESULTS.md). */
const BATCH = 16;
const BATCHES_PER_WORKER = 2;

type Pending = { resolve: (r: ParseResult) => void; reject: (e: Error) => void };
interface Slot {
  worker: Worker;
  answered: boolean;
  pending: Map<number, Pending>;
  batches: number;
}

export interface PoolOptions {
  /** Workers (default: one per core). */
  size?: number;
  workerFile?: string;
}

/** A pool of workers, or null when workers cannot be started here. */
export function createParsePool(o: PoolOptions = {}): ParsePool | null {
  const size = o.size ?? Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
  const workerFile = o.workerFile ?? path.join(__dirname, 'parse-worker.js');
  if (!fs.existsSync(workerFile)) return null;
  let slots: Slot[];
  try {
    slots = Array.from({ length: size }, () => start());
  } catch {
    return null;
  }
  const queue: (Pending & { req: ParseRequest })[] = [];
  let nextId = 0;
  let closed = false;
  let flushScheduled = false;

  function start(): Slot {
    const slot: Slot = { worker: new Worker(workerFile), answered: false, pending: new Map(), batches: 0 };
    slot.worker.on('message', (results: ParseResult[]) => {
      slot.answered = true;
      slot.batches--;
      for (const r of results) {
        const p = slot.pending.get(r.id);
        slot.pending.delete(r.id);
        p?.resolve(r);
      }
      dispatch(true);
      if (slot.pending.size === 0) slot.worker.unref(); // an idle pool does not keep the process alive
    });
    // A worker that dies takes its requests with it: they fail (and are parsed by the caller), and
    // a new worker takes its place — unless it died before answering anything (it cannot start).
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      slot.batches = 0;
      if (closed) return;
      const i = slots.indexOf(slot);
      if (i >= 0) {
        if (!slot.answered) slots.splice(i, 1);
        else
          try {
            slots[i] = start();
          } catch {
            slots.splice(i, 1);
          }
      }
      dispatch(true);
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`parse worker exited with code ${code}`)));
    slot.worker.unref();
    return slot;
  }

  /** Send queued requests to workers with room; `all`: send partial batches too (else only full ones). */
  function dispatch(all: boolean) {
    for (const slot of slots) {
      while (slot.batches < BATCHES_PER_WORKER && (queue.length >= BATCH || (all && queue.length > 0))) {
        const batch = queue.splice(0, BATCH);
        for (const q of batch) slot.pending.set(q.req.id, q);
        slot.batches++;
        slot.worker.ref(); // a busy worker does: its answers are awaited
        slot.worker.postMessage(batch.map((q) => q.req));
      }
    }
    if (slots.length === 0) for (const q of queue.splice(0)) q.reject(new Error('no parse worker'));
  }

  return {
    parse(filePath, maxBytes, opts = {}) {
      if (closed) return Promise.reject(new Error('parse pool closed'));
      return new Promise((resolve, reject) => {
        const q = { req: { id: nextId++, path: filePath, maxBytes }, resolve, reject };
        if (opts.first) queue.unshift(q);
        else queue.push(q);
        dispatch(false);
        // Requests that do not fill a batch go out once the caller has queued what it had.
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(() => {
            flushScheduled = false;
            dispatch(true);
          });
        }
      });
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0)) q.reject(new Error('parse pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/**
 * Run `task` over `items` with at most `limit` running at once, started in order; resolves when
 * all have settled. The first task that fails stops new ones from starting, and its error is
 * thrown once the running ones have settled. (A counter, not Promise.race over the running set:
 * that subscribes to every running task once per item.)
 */
export async function eachLimited<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let running = 0;
  let wake: (() => void) | null = null;
  let idle: (() => void) | null = null;
  let failed: { error: unknown } | null = null;
  for await (const item of items) {
    if (running >= limit)
      await new Promise<void>((r) => {
        wake = r;
      });
    if (failed) break;
    running++;
    task(item)
      .catch((error: unknown) => {
        failed ??= { error };
      })
      .finally(() => {
        running--;
        if (wake) {
          const w = wake;
          wake = null;
          w();
        }
        if (running === 0 && idle) idle();
      });
  }
  if (running > 0)
    await new Promise<void>((r) => {
      idle = r;
    });
  if (failed) throw (failed as { error: unknown }).error;
}
