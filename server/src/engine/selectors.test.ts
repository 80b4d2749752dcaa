import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  selects,
  labelsOf,
  isEmptySelector,
  hasLabels,
  withControllerLabels,
  POD_NAME_LABEL,
  POD_INDEX_LABEL,
} from './selectors';

const L = { app: 'web', tier: 'front' };

test('matchLabels must all match', () => {
  assert.equal(selects({ matchLabels: { app: 'web' } }, L), true);
  assert.equal(selects({ matchLabels: { app: 'web', tier: 'back' } }, L), false);
  assert.equal(selects({ matchLabels: { missing: 'x' } }, L), false);
});

test('an empty selector selects everything', () => {
  assert.equal(selects({}, L), true);
  assert.equal(selects({}, {}), true);
  assert.equal(isEmptySelector({}), true);
  assert.equal(isEmptySelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }), false);
});

test('matchExpressions: In, NotIn, Exists, DoesNotExist, ANDed with matchLabels', () => {
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, L), true);
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, L), false);
  assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, L), false);
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, L), true);
  assert.equal(
    selects({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, L),
    true,
    'NotIn holds for an absent key',
  );
  assert.equal(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, L), true);
  assert.equal(selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, L), false);
  assert.equal(
    selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, L),
    false,
  );
  assert.equal(
    selects({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, L),
    false,
    'an unknown operator selects nothing',
  );
});

test('label values are compared as the API stores them (strings)', () => {
  assert.deepEqual(labelsOf({ version: 2, on: true, gone: null }), { version: '2', on: 'true' });
  assert.equal(selects({ matchLabels: { version: 2 } }, labelsOf({ version: '2' })), true);
});

test('controller-added pod labels: hash labels match any value, a StatefulSet pod by name or index', () => {
  const sts = withControllerLabels(
    { app: 'redis' },
    { anyValue: ['controller-revision-hash'], statefulSet: { name: 'redis', replicas: 3 } },
  );
  assert.deepEqual(
    Object.keys(sts),
    ['app'],
    'the controller labels are not enumerable: fixes copy only the template labels',
  );
  assert.equal(hasLabels(sts, { app: 'redis', [POD_NAME_LABEL]: 'redis-2' }), true);
  assert.equal(hasLabels(sts, { [POD_NAME_LABEL]: 'redis-3' }), false, 'indexes run to replicas - 1');
  assert.equal(hasLabels(sts, { [POD_NAME_LABEL]: 'other-0' }), false);
  assert.equal(hasLabels(sts, { [POD_INDEX_LABEL]: '0', [POD_NAME_LABEL]: 'redis-0' }), true);
  assert.equal(
    hasLabels(sts, { [POD_INDEX_LABEL]: '1', [POD_NAME_LABEL]: 'redis-0' }),
    false,
    'one pod carries both labels',
  );
  assert.equal(hasLabels(sts, { 'controller-revision-hash': 'redis-5d8f' }), true);
  assert.equal(hasLabels(sts, { app: 'other', 'controller-revision-hash': 'x' }), false);
  assert.equal(
    selects({ matchExpressions: [{ key: POD_NAME_LABEL, operator: 'In', values: ['redis-1', 'redis-9'] }] }, sts),
    true,
  );
  assert.equal(
    selects(
      { matchExpressions: [{ key: POD_NAME_LABEL, operator: 'NotIn', values: ['redis-0', 'redis-1', 'redis-2'] }] },
      sts,
    ),
    false,
  );
  assert.equal(selects({ matchExpressions: [{ key: 'controller-revision-hash', operator: 'Exists' }] }, sts), true);
  assert.equal(
    selects({ matchExpressions: [{ key: 'controller-revision-hash', operator: 'DoesNotExist' }] }, sts),
    false,
  );
  assert.equal(
    selects(
      { matchLabels: { app: 'redis' }, matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }] },
      sts,
    ),
    false,
    'a StatefulSet has no pod-template-hash',
  );
  const deploy = withControllerLabels({ app: 'web' }, { anyValue: ['pod-template-hash'] });
  assert.equal(hasLabels(deploy, { app: 'web', 'pod-template-hash': '7d4b9c8f6' }), true);
  assert.equal(hasLabels(deploy, { app: 'web', [POD_NAME_LABEL]: 'web-0' }), false);
  assert.equal(
    hasLabels({ app: 'web' }, { app: 'web', 'pod-template-hash': 'x' }),
    false,
    'a plain label map has no controller labels',
  );
});
