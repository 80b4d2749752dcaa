import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AFFECTED, BULK, createScheduler, EDIT, SCAN } from './scheduler';

/** A scheduler on a fake clock: each step advances it by `stepMs`; slices run when `drain` says. */
function harness(sliceMs = 10, stepMs = 1, backgroundSliceMs = sliceMs) {
  let t = 0;
  const queued: (() => void)[] = [];
  const errors: string[] = [];
  const s = createScheduler({
    sliceMs,
    backgroundSliceMs,
    now: () => t,
    defer: (f) => {
      queued.push(f);
    },
    onError: (k) => errors.push(k),
  });
  return {
    s,
    errors,
    tick: () => {
      t += stepMs;
    },
    /** Run the next deferred slice; false when none was asked for. */
    slice: () => {
      const f = queued.shift();
      if (!f) return false;
      f();
      return true;
    },
    slices: () => queued.length,
  };
}

test('a job runs step by step in slices, yielding between them', () => {
  const h = harness(5, 1);
  let steps = 0;
  h.s.add('big', SCAN, function* () {
    for (let i = 0; i < 12; i++) {
      steps++;
      h.tick();
      yield;
    }
  });
  assert.equal(h.slices(), 1);
  h.slice();
  assert.equal(steps, 5, 'one slice runs as many steps as fit in it');
  assert.equal(h.slices(), 1, 'and asks for another');
  h.slice();
  h.slice();
  assert.equal(steps, 12);
  assert.equal(h.s.has('big'), false);
});

test('a slice of background work (scan, bulk) is shorter than one of an edit; each runs at least one step', () => {
  const h = harness(10, 1, 3);
  const steps: string[] = [];
  const work = (name: string, n: number) =>
    function* () {
      for (let i = 0; i < n; i++) {
        steps.push(name);
        h.tick();
        yield;
      }
    };
  h.s.add('scan', SCAN, work('scan', 8));
  h.slice();
  assert.equal(steps.length, 3, 'a background slice: 3 ms');
  h.s.add('edit', EDIT, work('edit', 12));
  steps.length = 0;
  h.slice();
  assert.deepEqual(steps, Array(10).fill('edit'), "an edit's slice: 10 ms");
  const slow = harness(10, 20, 3);
  let ran = 0;
  slow.s.add('a', BULK, () => {
    ran++;
    slow.tick();
  });
  slow.s.add('b', BULK, () => {
    ran++;
    slow.tick();
  });
  slow.slice();
  assert.equal(ran, 1, 'a step longer than the slice still runs, alone');
  slow.slice();
  assert.equal(ran, 2);
});

test('priorities: an edit queued while the scan runs goes before the rest of the scan; re-checks before scan', () => {
  const h = harness(100, 1);
  const order: string[] = [];
  for (let i = 0; i < 5; i++)
    h.s.add(`scan${i}`, SCAN, () => {
      order.push(`scan${i}`);
      h.tick();
      if (i === 1) {
        h.s.add('edit', EDIT, () => {
          order.push('edit');
          h.s.add('check', AFFECTED, () => {
            order.push('check');
          });
        });
      }
    });
  h.s.add('bulk', BULK, () => {
    order.push('bulk');
  });
  while (h.slice()) {
    /* drain */
  }
  assert.deepEqual(order, ['scan0', 'scan1', 'edit', 'check', 'scan2', 'scan3', 'scan4', 'bulk']);
});

test('a started generator waits for a smaller task of its priority and for more urgent ones', () => {
  const h = harness(100, 1);
  const order: string[] = [];
  h.s.add(
    'a',
    SCAN,
    function* () {
      order.push('a1');
      h.s.add(
        'b',
        SCAN,
        () => {
          order.push('b');
        },
        { size: 0 },
      );
      h.s.add('e', EDIT, () => {
        order.push('e');
      });
      yield;
      order.push('a2');
    },
    { size: 10 },
  );
  while (h.slice()) {
    /* drain */
  }
  assert.deepEqual(order, ['a1', 'e', 'b', 'a2']);
});

test('smallest first within a priority; adding a queued key again keeps one task and raises its priority', () => {
  const h = harness(100, 1);
  const order: string[] = [];
  h.s.add(
    'large',
    EDIT,
    () => {
      order.push('large');
    },
    { size: 1000 },
  );
  h.s.add(
    'small',
    EDIT,
    () => {
      order.push('small');
    },
    { size: 10 },
  );
  h.s.add('x', BULK, () => {
    order.push('x');
  });
  h.s.add('x', AFFECTED, () => {
    order.push('x again');
  });
  h.s.add('y', SCAN, () => {
    order.push('y');
  });
  assert.equal(h.s.pending(), 4);
  assert.equal(h.s.pending(EDIT), 2);
  while (h.slice()) {
    /* drain */
  }
  assert.deepEqual(order, ['small', 'large', 'x', 'y']);
});

test('cancellation drops a queued task and tells its waiter; finish runs one to its end now', async () => {
  const h = harness(100, 1);
  let ran = 0;
  const cancelled = h.s.run('c', SCAN, () => {
    ran++;
  });
  assert.equal(h.s.cancel('c'), true);
  assert.equal(h.s.cancel('c'), false);
  assert.equal(await cancelled, false);
  let steps = 0;
  const finished = h.s.run('f', BULK, function* () {
    steps++;
    yield;
    steps++;
    yield;
    steps++;
  });
  h.s.finish('f');
  assert.equal(steps, 3);
  assert.equal(await finished, true);
  while (h.slice()) {
    /* drain */
  }
  assert.equal(ran, 0);
});

test('a task that throws ends alone: it is reported, its waiter resolves, the rest runs', async () => {
  const h = harness(100, 1);
  const order: string[] = [];
  const bad = h.s.run('bad', EDIT, function* () {
    yield;
    throw new Error('boom');
  });
  h.s.add('good', SCAN, () => {
    order.push('good');
  });
  while (h.slice()) {
    /* drain */
  }
  assert.equal(await bad, true);
  assert.deepEqual(h.errors, ['bad']);
  assert.deepEqual(order, ['good']);
});

test('thousands of tasks, some moved up, some cancelled: each runs once, in order, and pending counts what is left', () => {
  const h = harness(1000, 0);
  const ran: string[] = [];
  const n = 5000;
  for (let i = 0; i < n; i++) h.s.add(`f${i}`, BULK, () => void ran.push(`f${i}`));
  // Moved to a more urgent level: runs there, first, and not again from its old place.
  for (let i = 0; i < n; i += 1000) h.s.add(`f${i}`, AFFECTED, () => void ran.push('again'));
  for (let i = 1; i < n; i += 500) h.s.cancel(`f${i}`);
  assert.equal(h.s.pending(AFFECTED), 5);
  assert.equal(h.s.pending(), n - 10);
  while (h.slice()) {
    /* drain */
  }
  const moved = [0, 1000, 2000, 3000, 4000].map((i) => `f${i}`);
  const rest = Array.from({ length: n }, (_, i) => i)
    .filter((i) => i % 1000 !== 0 && i % 500 !== 1)
    .map((i) => `f${i}`);
  assert.deepEqual(ran, [...moved, ...rest]);
  assert.equal(h.s.pending(), 0);
  // A key used again after its task ended is a new task.
  h.s.add('f0', BULK, () => void ran.push('new f0'));
  while (h.slice()) {
    /* drain */
  }
  assert.equal(ran.at(-1), 'new f0');
});
