import type { Rule } from '../../rule';
import type { Path } from '../../types';
import { asCount, displayName, podSpec, podSpecPath } from '../../k8s';
import { setIn } from '../../edits';
import { containerName } from '../shared/containers';
import { servedContainers } from '../shared/served';

const DEFAULT_GRACE = 30;
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;
const SLEEP = /^(?:\/(?:usr\/)?bin\/)?sleep$/;
/** A duration `sleep` accepts: seconds, optionally with an `s` suffix. */
const SECONDS = /^(\d+(?:\.\d+)?)s?$/;
/** `sleep N` as a command of a shell script: at its start or after `;`, `&&`, `||`, a newline. */
const SCRIPT_SLEEP = /(?:^|[;&|\n]\s*)(?:exec\s+)?(?:\/(?:usr\/)?bin\/)?sleep\s+(\d+(?:\.\d+)?)s?(?=\s|;|&|\||$)/;

/** How long the preStop hook waits, in seconds, and where it says so; null when it does not just sleep. */
export function preStopSleep(preStop: unknown, path: Path): { seconds: number; at: Path } | null {
  if (!preStop || typeof preStop !== 'object') return null;
  const p = preStop as Record<string, any>;
  // The `sleep` handler (PodLifecycleSleepAction).
  if (p.sleep && typeof p.sleep === 'object') {
    const n = asCount(p.sleep.seconds);
    return n === undefined ? null : { seconds: n, at: [...path, 'sleep', 'seconds'] };
  }
  const cmd = p.exec?.command;
  if (!Array.isArray(cmd) || cmd.length < 2 || !cmd.every((c) => typeof c === 'string' || typeof c === 'number'))
    return null;
  const args = cmd.map(String);
  if (SLEEP.test(args[0])) {
    const m = SECONDS.exec(args[1].trim());
    return m ? { seconds: Number(m[1]), at: [...path, 'exec', 'command', 1] } : null;
  }
  const c = args.indexOf('-c');
  if (SHELLS.test(args[0]) && c >= 1 && c + 1 < args.length) {
    const m = SCRIPT_SLEEP.exec(args[c + 1].trim());
    return m ? { seconds: Number(m[1]), at: [...path, 'exec', 'command', c + 1] } : null;
  }
  return null;
}

export const rule: Rule = {
  id: 'shutdown-grace-too-short',
  severity: 'warning',
  title: 'preStop delay does not fit in the termination grace period',
  summary: 'A preStop delay as long as the grace period: the kubelet kills the pod before the drain delay ends.',
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true, // served containers are those a Service selects
  podLevel: true,
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    const served = servedContainers(ctx.index, obj);
    if (served.length === 0) return;
    const raw = podSpec(obj).terminationGracePeriodSeconds;
    const set = raw !== undefined && raw !== null;
    const grace = set ? asCount(raw) : DEFAULT_GRACE;
    if (grace === undefined) return;
    const gracePath: Path = [...podSpecPath(obj), 'terminationGracePeriodSeconds'];
    for (const { container, path } of served) {
      const wait = preStopSleep(container.lifecycle?.preStop, [...path, 'lifecycle', 'preStop']);
      if (!wait || grace > wait.seconds) continue;
      const name = containerName(container);
      const want = Math.ceil(wait.seconds) + 30;
      ctx.report({
        at: [wait.at, gracePath],
        message: `Container ${name} of ${displayName(obj)} sleeps ${wait.seconds} s in preStop while terminationGracePeriodSeconds is ${grace}${set ? '' : ' (unset, so 30)'}: the kubelet kills the pod before the drain delay ends, and requests still in flight are cut off.`,
        fixes: [
          {
            title: `Set terminationGracePeriodSeconds to ${want}`,
            safety: 'safe',
            edits: () => [setIn(obj, gracePath, { value: want })],
          },
        ],
      });
    }
  },
};
