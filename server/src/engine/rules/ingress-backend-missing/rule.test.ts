import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { lint, ofRule } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'ingress-backend-missing';
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  selector: {app: storefront}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

test('a missing Service: underlines the name, points at the nearest Service', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  rules:
    - backendRefs:
        - name: store-front
          port: 80
`;
  const f = ofRule(lint({ 'route.yaml': route, 'svc.yaml': SERVICE }), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(underlined(route, f[0]), 'name: store-front');
  assert.equal(f[0].range.start.line, lineOf(route, 'name: store-front'));
  assert.equal(
    f[0].message,
    'HTTPRoute shop sends backendRef 0 of rule 0 to Service store-front, which does not exist in namespace shop; nearest is Service storefront: service discovery ends in a 503.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.range.start.line, r.message]),
    [['svc.yaml', 2, 'nearest Service: storefront']],
  );
  assert.deepEqual(f[0].fixes, []);
});

test('no nearest Service when none is a plausible typo', () => {
  const ing = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  defaultBackend: {service: {name: payments, port: {number: 80}}}
`;
  const f = ofRule(lint({ 'ing.yaml': ing, 'svc.yaml': SERVICE }), RULE);
  assert.equal(f.length, 1);
  assert.match(
    f[0].message,
    /^Ingress shop sends the default backend to Service payments, which does not exist in namespace shop: /,
  );
  assert.deepEqual(f[0].related, []);
});

test('route namespaces: a backendRef namespace is where the Service must be', () => {
  const route = (ns: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: edge}
spec:
  rules:
    - backendRefs: [{name: storefront, namespace: ${ns}, port: 80}]
`;
  assert.deepEqual(ofRule(lint({ 'r.yaml': route('shop'), 's.yaml': SERVICE }), RULE), []);
  const f = ofRule(lint({ 'r.yaml': route('edge'), 's.yaml': SERVICE }), RULE);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /does not exist in namespace edge/);
});

test('a Service in another namespace appearing later updates the route (cross-namespace dependency)', async () => {
  const { createIndex } = await import('../../workspace');
  const { analyzeSource } = await import('../../analyze');
  const { mergeConfig } = await import('../../config');
  const index = createIndex();
  const cfg = mergeConfig();
  const r = index.setFile(
    'r.yaml',
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: edge}
spec:
  rules:
    - backendRefs: [{name: storefront, namespace: shop, port: 80}]
`,
  );
  index.setFile(
    'other.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: edge}\nspec: {ports: [{port: 1}]}\n',
  );
  index.takeChanges();
  assert.equal(ofRule(analyzeSource(index, r, cfg), RULE).length, 1);
  index.setFile('s.yaml', SERVICE);
  // The server re-analyses the route's namespace: a Service elsewhere changed what it reads.
  assert.ok(index.takeChanges().others.has('edge'));
  assert.deepEqual(ofRule(analyzeSource(index, r, cfg), RULE), []);
  index.setFile('s.yaml', SERVICE.replace('ports: [{name: http, port: 80', 'ports: [{name: http, port: 81'));
  assert.equal(ofRule(analyzeSource(index, r, cfg), RULE).length, 1);
});

test("Ingress v1: numbered and named ports must be among the Service's", () => {
  const ing = (port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port: ${port}
`;
  assert.deepEqual(ofRule(lint({ 'i.yaml': ing('{number: 80}'), 's.yaml': SERVICE }), RULE), []);
  assert.deepEqual(ofRule(lint({ 'i.yaml': ing('{name: http}'), 's.yaml': SERVICE }), RULE), []);
  const text = ing('{number: 8080}');
  const f = ofRule(lint({ 'i.yaml': text, 's.yaml': SERVICE }), RULE);
  assert.equal(f.length, 1);
  assert.equal(underlined(text, f[0]), 'number: 8080');
  assert.equal(
    f[0].message,
    'Ingress shop sends the backend of path / to port 8080 of Service storefront, which exposes 80 (http): service discovery ends in a 503.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.message]),
    [['s.yaml', 'Service storefront exposes 80 (http)']],
  );
  assert.equal(ofRule(lint({ 'i.yaml': ing('{name: web}'), 's.yaml': SERVICE }), RULE).length, 1);
});

test("fix: the Service's only port, written as the backend writes it; safe", () => {
  const both = (ing: string) => `${ing}---\n${SERVICE}`;
  const num = both(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  defaultBackend:
    service:
      name: storefront
      port: {number: 8080} # the container port
`);
  const f = findings(num, RULE)[0];
  assert.deepEqual(
    f.fixes.map((x) => x.title),
    ['Change the port to 80 (the only port of Service storefront)'],
  );
  const out = checkFix(num, RULE);
  assert.match(out, /port: \{number: 80\} # the container port/);
  const named = both(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  defaultBackend:
    service:
      name: storefront
      port:
        name: web
`);
  assert.match(checkFix(named, RULE), /port:\n        name: http\n/);
  const beta = both(`apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  backend: {serviceName: storefront, servicePort: 8080}
`);
  assert.match(checkFix(beta, RULE), /servicePort: 80\}/);
  const route = both(`apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: shop, namespace: shop}
spec:
  rules: [{backendRefs: [{name: storefront, port: 9090}]}]
`);
  const fixed = checkFix(route, RULE);
  assert.equal(parseAllDocuments(fixed)[0].toJS().spec.rules[0].backendRefs[0].port, 80);
});

test('no port fix when the Service exposes several ports', () => {
  const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  defaultBackend: {service: {name: api, port: {number: 8080}}}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  ports: [{name: http, port: 80}, {name: grpc, port: 9090}]
`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /which exposes 80 \(http\), 9090 \(grpc\)/);
  assert.deepEqual(f[0].fixes, []);
});

test('only Service backendRefs: other kinds and groups are not checked', () => {
  const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
    - backendRefs:
        - {group: multicluster.x-k8s.io, kind: ServiceImport, name: remote, port: 80}
        - {kind: Backend, group: gateway.envoyproxy.io, name: external}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80}]}
`;
  assert.deepEqual(findings(text, RULE), []);
});
