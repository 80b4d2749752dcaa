import { probeRule } from '../shared/probe-rule';

export const rule = probeRule({
  id: 'missing-readiness-probe',
  kind: 'readiness',
  severity: 'warning',
  servedOnly: true,
  title: 'Container without a readiness probe',
  summary: 'A served container without a readiness probe gets traffic before it can serve.',
  why: 'its Service sends it traffic as soon as it starts, before it can serve, and keeps it in the endpoints while it cannot.',
  peers: { kubeLinter: ['no-readiness-probe'], kubeScore: ['pod-probes'], polaris: ['readinessProbeMissing'] },
});
