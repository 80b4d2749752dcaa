import { probeRule } from '../shared/probe-rule';

export const rule = probeRule({
  id: 'missing-liveness-probe',
  kind: 'liveness',
  severity: 'info',
  title: 'Container without a liveness probe',
  summary: 'A hung container keeps its pod running (and counted) until someone restarts it.',
  why: 'a hung process keeps its pod running (and counted) until someone restarts it by hand.',
  peers: { kubeLinter: ['no-liveness-probe'], kubeScore: ['pod-probes'], polaris: ['livenessProbeMissing'] },
});
