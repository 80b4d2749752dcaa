import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lineOf, underlined } from '../shared/fixcheck';
import { imageTag } from './rule';

const RULE = 'image-tag-mutable';
const pod = (image: string, init = false) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  ${init ? 'initContainers' : 'containers'}:
    - name: c
      image: ${image}
`;

test('imageTag: registry ports, digests, tags', () => {
  assert.equal(imageTag('nginx'), '');
  assert.equal(imageTag('nginx:latest'), 'latest');
  assert.equal(imageTag('registry.local:5000/team/app'), '');
  assert.equal(imageTag('registry.local:5000/team/app:1.2'), '1.2');
  assert.equal(imageTag('app@sha256:abc'), null);
  assert.equal(imageTag('app:latest@sha256:abc'), null);
});

test('fires on the image key for no tag and latest, in containers and init containers', () => {
  for (const [image, init] of [
    ['nginx', false],
    ['nginx:latest', false],
    ['registry.local:5000/app', true],
  ] as const) {
    const text = pod(image, init);
    const f = findings(text, RULE);
    assert.equal(f.length, 1, image);
    assert.equal(f[0].severity, 'warning');
    assert.deepEqual(f[0].range.start, { line: lineOf(text, 'image:'), character: 6 });
    assert.equal(underlined(text, f[0]), `image: ${image}`);
    assert.match(f[0].message, init ? /^Image .* of init container c in Pod p / : /^Image .* of container c in Pod p /);
    assert.match(f[0].message, image.endsWith('latest') ? /uses the tag latest: / : /has no tag: /);
    assert.deepEqual(f[0].fixes, []);
  }
});

test('clean for version tags and digests; Jobs are checked too', () => {
  assert.deepEqual(findings(pod('nginx:1.27.2'), RULE), []);
  assert.deepEqual(findings(pod('nginx@sha256:0123'), RULE), []);
  const job =
    'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n';
  assert.equal(findings(job, RULE).length, 1);
});
