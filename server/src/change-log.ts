// The index's changes, taken by one owner: a job that analyses a file takes what its edit changed
// at its end, and work that changes the index only for a moment (fix-all's drafts) sets aside
// what other jobs have pending instead of draining it with its own.
import type { IndexChanges, WorkspaceIndex } from './engine';

export interface ChangeLog {
  /** What changed since the last take, including what was set aside meanwhile. */
  take(): IndexChanges;
  /** Run `f`, dropping the index changes it makes; changes pending before it stay pending. */
  aside<T>(f: () => T): T;
}

function merge(into: IndexChanges, c: IndexChanges): IndexChanges {
  for (const ns of c.others) into.others.add(ns);
  for (const f of c.files) into.files.add(f);
  into.kinds ||= c.kinds;
  return into;
}

export function createChangeLog(index: WorkspaceIndex): ChangeLog {
  let held: IndexChanges | null = null;
  return {
    take() {
      const c = index.takeChanges();
      if (!held) return c;
      const all = merge(held, c);
      held = null;
      return all;
    },
    aside(f) {
      const before = index.takeChanges();
      held = held ? merge(held, before) : before;
      try {
        return f();
      } finally {
        index.takeChanges();
      }
    },
  };
}
