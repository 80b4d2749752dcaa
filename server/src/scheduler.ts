// The server's one queue of main-thread work: edits of open files, the re-checks they cause, the
// workspace scan's indexing and bulk re-analysis, each at its priority. Work runs in slices of a
// few milliseconds between which the event loop reads the client's messages, and each step takes
// the most urgent task, so an edit never waits behind more than one step of the scan (issue 22).

/** Lower runs first. */
export const EDIT = 0;
/** Re-checks of other files caused by an edit. */
export const AFFECTED = 1;
/** Indexing one file of the workspace scan. */
export const SCAN = 2;
/** Re-analysis of every file (after the scan, a configuration change). */
export const BULK = 3;
const LEVELS = 4;

/** A task's work: a function (one step) or a generator (a step per `next()`). */
export type Work = () => Generator<void, void> | void;

export interface Scheduler {
  /**
   * Queue `work` under `key`; a task already queued under the key stays (it is not restarted) and
   * moves up to `priority` if that is more urgent. Within a priority, smaller `size` first among
   * the next few queued (bounded look-ahead: a scan of 100,000 files stays O(1) per step), else
   * first queued first. `done(ran)` is called once: true when it ran to its end (or threw),
   * false when cancelled.
   */
  add(key: string, priority: number, work: Work, o?: { size?: number; done?: (ran: boolean) => void }): void;
  /** Same as add, resolved when the task is over (true: it ran; false: cancelled). */
  run(key: string, priority: number, work: Work, size?: number): Promise<boolean>;
  has(key: string): boolean;
  /** Drop a queued task; true if there was one. */
  cancel(key: string): boolean;
  /** Run a queued task to its end now (a request needs its result). */
  finish(key: string): void;
  /** Tasks queued at `priority` or more urgent. */
  pending(priority?: number): number;
}

interface Task {
  key: string;
  priority: number;
  size: number;
  work: Work;
  steps: Generator<void, void> | null;
  started: boolean;
  ended: boolean;
  done?: (ran: boolean) => void;
}

/** A priority's tasks in the order queued. Ended tasks and those moved to a more urgent level
 *  stay in `queue` until passed over: a Map's deleted entries cost every new iterator a walk over
 *  them, which made scheduling a whole-workspace re-check quadratic (bench/RESULTS.md). */
interface Level {
  queue: Task[];
  head: number;
  live: number;
}

const LOOK_AHEAD = 16;

export interface SchedulerOptions {
  /** Length of a slice of work, ms. */
  sliceMs?: number;
  /** Length of a slice that runs only background work (SCAN, BULK): shorter, so an edit that
   *  arrives meanwhile waits less for the event loop to read it. */
  backgroundSliceMs?: number;
  /** Where a task's exception goes (it ends that task, never the process). */
  onError?: (key: string, err: unknown) => void;
  /** Clock and "run soon": injectable for tests. */
  now?: () => number;
  defer?: (f: () => void) => void;
}

export function createScheduler(o: SchedulerOptions = {}): Scheduler {
  const sliceMs = o.sliceMs ?? 15;
  const backgroundSliceMs = Math.min(sliceMs, o.backgroundSliceMs ?? 4);
  const now = o.now ?? Date.now;
  const defer =
    o.defer ??
    ((f) => {
      setImmediate(f);
    });
  const levels: Level[] = Array.from({ length: LEVELS }, () => ({ queue: [], head: 0, live: 0 }));
  const byKey = new Map<string, Task>();
  let scheduled = false;

  function wake() {
    if (scheduled) return;
    scheduled = true;
    defer(slice);
  }

  const isIn = (t: Task, p: number) => !t.ended && t.priority === p;

  function next(): Task | undefined {
    for (let p = 0; p < LEVELS; p++) {
      const level = levels[p];
      if (level.live === 0) continue;
      const q = level.queue;
      while (!isIn(q[level.head], p)) level.head++;
      if (level.head > 1024 && level.head * 2 > q.length) {
        q.splice(0, level.head);
        level.head = 0;
      }
      let best: Task | undefined;
      let seen = 0;
      // A started generator may wait too: a small file opened after a huge one is answered first.
      for (let i = level.head; i < q.length && seen < LOOK_AHEAD; i++) {
        const t = q[i];
        if (!isIn(t, p)) continue;
        if (!best || t.size < best.size) best = t;
        seen++;
        if (best.size === 0) break; // none smaller
      }
      return best;
    }
    return undefined;
  }

  function end(t: Task, ran: boolean) {
    if (!t.ended) {
      t.ended = true;
      levels[t.priority].live--;
    }
    if (byKey.get(t.key) === t) byKey.delete(t.key);
    t.done?.(ran);
  }

  /** One step of a task; true when it is over. */
  function step(t: Task): boolean {
    try {
      if (!t.started) {
        t.started = true;
        const r = t.work();
        if (!r) return true;
        t.steps = r;
      }
      return !!t.steps!.next().done;
    } catch (err) {
      o.onError?.(t.key, err);
      return true;
    }
  }

  function slice() {
    scheduled = false;
    const start = now();
    // At least one step a slice; then more while the slice of the most urgent task lasts.
    for (let first = true; ; first = false) {
      const t = next();
      if (!t) return;
      if (!first && now() >= start + (t.priority < SCAN ? sliceMs : backgroundSliceMs)) break;
      if (step(t)) end(t, true);
    }
    if (byKey.size) wake();
  }

  const s: Scheduler = {
    add(key, priority, work, opts = {}) {
      const p = Math.max(0, Math.min(LEVELS - 1, priority));
      const had = byKey.get(key);
      if (had) {
        if (p < had.priority) {
          levels[had.priority].live--;
          had.priority = p;
          levels[p].queue.push(had);
          levels[p].live++;
        }
        if (opts.done) {
          const a = had.done;
          had.done = (ran) => {
            a?.(ran);
            opts.done!(ran);
          };
        }
      } else {
        const t: Task = {
          key,
          priority: p,
          size: opts.size ?? 0,
          work,
          steps: null,
          started: false,
          ended: false,
          done: opts.done,
        };
        byKey.set(key, t);
        levels[p].queue.push(t);
        levels[p].live++;
      }
      wake();
    },
    run(key, priority, work, size) {
      return new Promise((resolve) => s.add(key, priority, work, { size, done: resolve }));
    },
    has: (key) => byKey.has(key),
    cancel(key) {
      const t = byKey.get(key);
      if (!t) return false;
      end(t, false);
      return true;
    },
    finish(key) {
      const t = byKey.get(key);
      if (!t) return;
      while (!step(t)) {
        /* run to the end */
      }
      end(t, true);
    },
    pending(priority = LEVELS - 1) {
      let n = 0;
      for (let p = 0; p <= priority && p < LEVELS; p++) n += levels[p].live;
      return n;
    },
  };
  return s;
}
