import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIndex } from './engine';
import { createChangeLog } from './change-log';

const svc = (ns: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ${ns}}\nspec: {selector: {app: a}}\n`;

test('changes made aside are dropped; those pending before stay for the next take', () => {
  const index = createIndex();
  const log = createChangeLog(index);
  index.setFile('/w/a.yaml', svc('one'));
  const got = log.aside(() => {
    index.setFile('/w/b.yaml', svc('two'));
    return 'result';
  });
  assert.equal(got, 'result');
  assert.deepEqual([...log.take().others], ['one']);
  assert.deepEqual([...log.take().others], [], 'taken once');
});

test('changes pending before two asides and after them are all taken together; a throw still drops its own', () => {
  const index = createIndex();
  const log = createChangeLog(index);
  index.setFile('/w/a.yaml', svc('one'));
  log.aside(() => undefined);
  index.setFile('/w/c.yaml', svc('three'));
  assert.throws(() =>
    log.aside(() => {
      index.setFile('/w/b.yaml', svc('two'));
      throw new Error('draft failed');
    }),
  );
  index.setFile('/w/d.yaml', svc('four'));
  assert.deepEqual([...log.take().others].sort(), ['four', 'one', 'three']);
});
