import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanQueue } from './workspace-scan';

test('the scan goes folder by folder; a preferred folder goes next, also when preferred mid-scan', () => {
  const q = scanQueue([
    '/w/a/1.yaml',
    '/w/a/2.yaml',
    '/w/b/1.yaml',
    '/w/b/2.yaml',
    '/w/c/1.yaml',
    Buffer.from('/w/c/\xff.yaml', 'latin1'),
    '/w/d/1.yaml',
  ]);
  const order: string[] = [];
  const first: boolean[] = [];
  for (const { file: f, first: ahead } of q) {
    order.push(typeof f === 'string' ? f : f.toString('latin1'));
    first.push(ahead);
    if (order.length === 1) q.prefer('/w/c/open.yaml');
    if (order.length === 2) q.prefer('/w/elsewhere/open.yaml'); // not in the scan: nothing changes
  }
  assert.deepEqual(order, [
    '/w/a/1.yaml',
    '/w/c/1.yaml',
    '/w/c/\xff.yaml',
    '/w/a/2.yaml',
    '/w/b/1.yaml',
    '/w/b/2.yaml',
    '/w/d/1.yaml',
  ]);
  assert.deepEqual(first, [false, true, true, false, false, false, false], "the open file's folder is parsed ahead");
});

test('a folder preferred before the scan starts goes first; one preferred once scanned changes nothing', () => {
  const q = scanQueue(['/w/a/1.yaml', '/w/b/1.yaml']);
  q.prefer('/w/b/x.yaml');
  assert.deepEqual(
    [...q],
    [
      { file: '/w/b/1.yaml', first: true },
      { file: '/w/a/1.yaml', first: false },
    ],
  );
  q.prefer('/w/b/x.yaml');
  assert.deepEqual([...q], [], 'every file is handed out once');
});
