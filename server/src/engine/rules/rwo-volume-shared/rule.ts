import type { Rule } from '../../rule';
import { displayName, isRollout, podSpec, podSpecPath } from '../../k8s';
import { effectiveReplicas } from '../../workspace';

const ONCE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);
/** Inline volume sources that attach read-write to a single node (rules.md). */
const INLINE_DISKS = ['gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'cinder', 'rbd', 'iscsi'] as const;

export const rule: Rule = {
  id: 'rwo-volume-shared',
  severity: 'warning',
  title: 'ReadWriteOnce claim shared by several replicas',
  summary: 'Replicas on other nodes cannot mount a ReadWriteOnce claim or single-attach disk.',
  fixable: false,
  fixSafety: [],
  crossObject: true,
  podLevel: true,
  check(obj, ctx) {
    if (obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet' && obj.kind !== 'DeploymentConfig' && !isRollout(obj))
      return;
    const volumes = podSpec(obj).volumes;
    if (!Array.isArray(volumes)) return;
    let replicas: number | undefined;
    volumes.forEach((v: any, i: number) => {
      const disk = v && typeof v === 'object' ? INLINE_DISKS.find((k) => v[k] && typeof v[k] === 'object') : undefined;
      if (disk) {
        if (v[disk].readOnly === true || v[disk].readOnly === 'true') return;
        replicas ??= effectiveReplicas(ctx.index, obj);
        if (replicas < 2) return;
        ctx.report({
          at: [
            [...podSpecPath(obj), 'volumes', i, disk],
            [...podSpecPath(obj), 'volumes', i],
          ],
          message: `${displayName(obj)} runs ${replicas} replicas that mount the same ${disk} volume ${typeof v.name === 'string' ? v.name : `#${i}`} read-write: the disk attaches to one node at a time, so a replica scheduled to another node never starts.`,
        });
        return;
      }
      const claimName = v?.persistentVolumeClaim?.claimName;
      if (typeof claimName !== 'string' || !claimName) return;
      const claim = ctx.index.named(obj.namespace, 'PersistentVolumeClaim', claimName)[0];
      if (!claim) return; // access modes unknown
      const modes = claim.value?.spec?.accessModes;
      if (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => ONCE.has(m))) return;
      replicas ??= effectiveReplicas(ctx.index, obj);
      if (replicas < 2) return;
      const onePod = modes.includes('ReadWriteOncePod');
      ctx.report({
        at: [
          [...podSpecPath(obj), 'volumes', i, 'persistentVolumeClaim', 'claimName'],
          [...podSpecPath(obj), 'volumes', i],
        ],
        message: `${displayName(obj)} runs ${replicas} replicas that share PersistentVolumeClaim ${claimName} (${modes.join(', ')}): ${onePod ? 'only one pod can mount it, so the others never start' : 'a replica scheduled to another node cannot mount it and never starts'}.`,
        related: [
          {
            object: claim,
            at: ['spec', 'accessModes'],
            message: `PersistentVolumeClaim ${claimName} allows ${modes.join(', ')}`,
          },
        ],
      });
    });
  },
};
