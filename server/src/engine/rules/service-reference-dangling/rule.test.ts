import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, ofRule } from '../../testing';
import { checkFix, underlined } from '../shared/fixcheck';
import { dnsReferences } from '../shared/dns';

const RULE = 'service-reference-dangling';
const svc = (name: string, ns = 'data', ports = '[{port: 5432}]') => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: ${ports}
`;
const deploy = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:3.0.1
          env:
            - name: DATABASE_HOST
              value: ${value}
`;

test('dnsReferences finds cluster DNS names standing on their own', () => {
  const refs = (s: string) => dnsReferences(s).map((r) => [r.service, r.namespace, r.port]);
  assert.deepEqual(refs('postgres://u@db.data.svc.cluster.local:5432/x'), [['db', 'data', 5432]]);
  assert.deepEqual(refs('web-0.web.shop.svc'), [['web', 'shop', undefined]]);
  assert.deepEqual(refs('_grpc._tcp.users.shop.svc.cluster.local'), [['users', 'shop', undefined]]);
  assert.deepEqual(refs('a.b.svc,c.d.svc:80'), [
    ['a', 'b', undefined],
    ['c', 'd', 80],
  ]);
  assert.deepEqual(refs('api.partner.svc.example.com'), []);
  assert.deepEqual(refs('db.data.svcx'), []);
  assert.deepEqual(refs('$(SERVICE).data.svc'), []);
});

test('a missing Service: warning on the value, with the one Service one edit away as related and fix', () => {
  const text = deploy('postgress.data.svc');
  const f = ofRule(lint({ 'd.yaml': text, 's.yaml': svc('postgres') }), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.equal(underlined(text, f[0]), 'value: postgress.data.svc');
  assert.equal(
    f[0].message,
    "Container api of Deployment api refers to postgress.data.svc, but namespace data has no Service postgress (did you mean postgres?): the name does not resolve and the client's service discovery fails at run time.",
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.message]),
    [['s.yaml', 'Service postgres is one edit away']],
  );
  assert.deepEqual(
    f[0].fixes.map((x) => x.title),
    ['Change postgress to postgres'],
  );
});

test('the typo fix changes only the service label, keeping quotes and the rest of the value', () => {
  const text = `${deploy('"postgres://api@postgress.data.svc.cluster.local:5432/shop" # primary')}---\n${svc('postgres')}`;
  const out = checkFix(text, RULE);
  assert.match(out, /value: "postgres:\/\/api@postgres\.data\.svc\.cluster\.local:5432\/shop" # primary\n/);
});

test('no fix when two Services are one edit away, or none', () => {
  const f = ofRule(lint({ 'd.yaml': deploy('pg.data.svc'), 's.yaml': `${svc('pga')}---\n${svc('pgb')}` }), RULE);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
  assert.doesNotMatch(f[0].message, /did you mean/);
});

test('namespaces outside the scope stay quiet; a lone workload stays quiet', () => {
  assert.deepEqual(ofRule(lint({ 'd.yaml': deploy('postgres.elsewhere.svc'), 's.yaml': svc('postgres') }), RULE), []);
  assert.deepEqual(ofRule(lint({ 'd.yaml': deploy('postgres.shop.svc') }), RULE), []);
});

test('a port the Service does not expose; headless Services are not checked for ports', () => {
  const f = ofRule(lint({ 'd.yaml': deploy('postgres.data.svc:5433'), 's.yaml': svc('postgres') }), RULE);
  assert.equal(f.length, 1);
  assert.equal(
    f[0].message,
    'Container api of Deployment api connects to postgres.data.svc:5433, but Service postgres in namespace data exposes port 5432, not 5433: the connection is refused at run time.',
  );
  assert.deepEqual(ofRule(lint({ 'd.yaml': deploy('postgres.data.svc:5432'), 's.yaml': svc('postgres') }), RULE), []);
  const headless = svc('postgres').replace('spec:\n', 'spec:\n  clusterIP: None\n');
  assert.deepEqual(
    ofRule(lint({ 'd.yaml': deploy('postgres-0.postgres.data.svc:15432'), 's.yaml': headless }), RULE),
    [],
  );
});

test('an edit to a Service of the named namespace, or the first Service anywhere, re-checks the workload', async () => {
  const { createIndex } = await import('../../workspace');
  const { analyzeSource } = await import('../../analyze');
  const { mergeConfig } = await import('../../config');
  const cfg = mergeConfig();
  const index = createIndex();
  const d = index.setFile('d.yaml', deploy('postgres.data.svc:5432'));
  index.setFile('s.yaml', svc('postgres'));
  index.takeChanges();
  assert.deepEqual(ofRule(analyzeSource(index, d, cfg), RULE), []);
  index.setFile('s.yaml', svc('postgres-primary'));
  assert.ok(index.takeChanges().others.has('shop'), "the workload's namespace is queued again");
  assert.equal(ofRule(analyzeSource(index, d, cfg), RULE).length, 1);
  // Own namespace, no Service anywhere: quiet; a Service in an unrelated namespace makes the
  // dangling rule apply.
  const own = createIndex();
  const w = own.setFile('d.yaml', deploy('cache.shop.svc'));
  assert.deepEqual(ofRule(analyzeSource(own, w, cfg), RULE), []);
  own.setFile('s.yaml', svc('postgres', 'elsewhere'));
  assert.equal(ofRule(analyzeSource(own, w, cfg), RULE).length, 1);
});
