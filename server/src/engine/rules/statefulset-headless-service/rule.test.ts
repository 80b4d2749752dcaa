import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'statefulset-headless-service';
const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: rabbitmq
spec:
  serviceName: rabbitmq # a ClusterIP Service
  selector:
    matchLabels: {app.kubernetes.io/name: rabbitmq}
  template:
    metadata:
      labels: {app.kubernetes.io/name: rabbitmq, tier: mq}
    spec:
      containers:
        - name: rabbitmq
          image: rabbitmq:3.13.7
          ports:
            - {name: amqp, containerPort: 5672}
            - {name: epmd, containerPort: 4369}
---
# the client Service
apiVersion: v1
kind: Service
metadata:
  name: rabbitmq
spec:
  selector: {app.kubernetes.io/name: rabbitmq}
  ports: [{name: amqp, port: 5672, targetPort: amqp}]
`;

test('fires on serviceName when it names a ClusterIP Service, with that Service as related', () => {
  const f = findings(STS, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(f[0].range.start, { line: lineOf(STS, 'serviceName'), character: 2 });
  assert.equal(underlined(STS, f[0]), 'serviceName: rabbitmq');
  assert.equal(
    f[0].message,
    'StatefulSet rabbitmq names Service rabbitmq, which is not headless (clusterIP: None): its pods get no stable DNS names, so peers that address each other by name cannot find each other after a restart.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.range.start.line, r.message]),
    [[23, 'Service rabbitmq is not headless']],
  );
});

test("fix appends rabbitmq-headless with the StatefulSet's selector and ports and points serviceName at it", () => {
  const out = checkFix(STS, RULE, {
    docs: [0, 1],
    changedLines: 20,
    cascades: ['missing-prestop-hook', 'missing-readiness-probe'],
  });
  const docs = parseAllDocuments(out).map((d) => d.toJS());
  assert.equal(docs.length, 3);
  assert.equal(docs[0].spec.serviceName, 'rabbitmq-headless');
  assert.ok(out.includes('  serviceName: rabbitmq-headless # a ClusterIP Service\n'));
  assert.deepEqual(docs[1], {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'rabbitmq-headless' },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'rabbitmq' },
      ports: [
        { name: 'amqp', port: 5672, targetPort: 'amqp' },
        { name: 'epmd', port: 4369, targetPort: 'epmd' },
      ],
    },
  });
  assert.equal(docs[2].metadata.name, 'rabbitmq');
});

test('no serviceName and no Service at all: fires on the name; fix sets serviceName and appends the Service', () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "postgres:16.4", ports: [{containerPort: 5432}]}]
`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.equal(underlined(text, f[0]), 'name: db');
  assert.match(f[0].message, /^StatefulSet db has no serviceName: /);
  const out = checkFix(text, RULE, {
    docs: [0],
    changedLines: 2,
    cascades: ['missing-prestop-hook', 'missing-readiness-probe'],
  });
  const docs = parseAllDocuments(out).map((d) => d.toJS());
  assert.equal(docs[0].spec.serviceName, 'db');
  assert.deepEqual(docs[1].metadata, { name: 'db', namespace: 'data' });
  assert.deepEqual(docs[1].spec.ports, [{ port: 5432, targetPort: 5432 }]);
});

test('clean with a headless Service that selects the pods; a headless one in another namespace does not count', () => {
  const headless = STS.replace(
    '  selector: {app.kubernetes.io/name: rabbitmq}\n',
    '  clusterIP: None\n  selector: {app.kubernetes.io/name: rabbitmq}\n',
  );
  assert.deepEqual(findings(headless, RULE), []);
  assert.equal(
    findings(
      headless.replace(
        '  name: rabbitmq\nspec:\n  clusterIP',
        '  name: rabbitmq\n  namespace: other\nspec:\n  clusterIP',
      ),
      RULE,
    ).length,
    1,
  );
});
