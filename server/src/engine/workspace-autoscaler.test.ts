// The autoscaler helper (rules.md, Terms "Autoscaler"): HPAs and KEDA ScaledObjects read alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoscalerOf, autoscalersTargeting, createIndex, effectiveReplicas } from './workspace';
import { objectsOf } from './parse';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 5
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:1"}]}
`;

function setup(scalers: string) {
  const index = createIndex();
  const [deploy] = objectsOf(index.setFile('d.yaml', DEPLOY));
  const scalerObjects = objectsOf(index.setFile('s.yaml', scalers));
  return { index, deploy, scalerObjects };
}

test('a ScaledObject: kind Deployment when unset, min 0 and max 100 when unset', () => {
  const { index, scalerObjects } = setup(
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n',
  );
  const a = autoscalerOf(scalerObjects[0], index.context)!;
  assert.deepEqual(
    [a.kind, a.target, a.min, a.minSet, a.max, a.minPath, a.maxPath],
    [
      'ScaledObject',
      { kind: 'Deployment', name: 'web' },
      0,
      false,
      100,
      ['spec', 'minReplicaCount'],
      ['spec', 'maxReplicaCount'],
    ],
  );
});

test('an HPA: min 1 when unset, no max default; other kinds and groups are no autoscaler', () => {
  const { index, scalerObjects } = setup(
    [
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n',
      'apiVersion: example.com/v1\nkind: ScaledObject\nmetadata: {name: other}\nspec:\n  scaleTargetRef: {name: web}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n',
    ].join('---\n'),
  );
  const a = autoscalerOf(scalerObjects[0], index.context)!;
  assert.deepEqual([a.target, a.min, a.max], [{ kind: 'Deployment', name: 'web' }, 1, undefined]);
  assert.equal(autoscalerOf(scalerObjects[1], index.context), null);
  assert.equal(autoscalerOf(scalerObjects[2], index.context), null);
});

test("effective replicas: the autoscalers' floor, a ScaledObject's 0 counted as 1", () => {
  const so = (min: string) =>
    `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n${min}`;
  for (const [min, want] of [
    ['', 1],
    ['  minReplicaCount: 0\n', 1],
    ['  minReplicaCount: 3\n', 3],
  ] as const) {
    const { index, deploy } = setup(so(min));
    assert.equal(autoscalersTargeting(index, deploy).length, 1);
    assert.equal(effectiveReplicas(index, deploy), want, min);
  }
  const { index, deploy } = setup(so('').replace('name: web}\nspec', 'name: web, namespace: other}\nspec'));
  assert.deepEqual(autoscalersTargeting(index, deploy), []);
  assert.equal(effectiveReplicas(index, deploy), 5);
});
