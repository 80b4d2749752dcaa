import type { Rule } from '../../rule';
import { displayName, isWorkload } from '../../k8s';
import { allContainers, containerName } from '../shared/containers';

/** The image's tag ('' when it has none), or null when it is pinned by digest. */
export function imageTag(image: string): string | null {
  if (image.includes('@')) return null; // repo@sha256:… (with or without a tag) is immutable
  const last = image.slice(image.lastIndexOf('/') + 1); // a registry port (host:5000/app) is not in the last segment
  const colon = last.indexOf(':');
  return colon < 0 ? '' : last.slice(colon + 1);
}

export const rule: Rule = {
  id: 'image-tag-mutable',
  severity: 'warning',
  title: 'Container image without a fixed tag',
  summary: 'An image with no tag or `latest`, and no digest: rollbacks are not reproducible.',
  fixable: false,
  fixSafety: [],
  podLevel: true,
  peers: { kubeLinter: ['latest-tag'], kubeScore: ['container-image-tag'], polaris: ['tagNotSpecified'] },
  check(obj, ctx) {
    // Jobs and CronJobs included (rules.md, Terms).
    if (!isWorkload(obj)) return;
    for (const { container, path, init } of allContainers(obj)) {
      if (typeof container.image !== 'string' || !container.image.trim()) continue;
      const image = container.image.trim();
      const tag = imageTag(image);
      if (tag === null || (tag !== '' && tag !== 'latest')) continue;
      const what = tag === '' ? 'has no tag' : 'uses the tag latest';
      ctx.report({
        at: [[...path, 'image'], path],
        message: `Image ${image} of ${init ? 'init container' : 'container'} ${containerName(container)} in ${displayName(obj)} ${what}: a rescheduled pod may pull a different build than its replicas, and rolling back does not restore the old one.`,
      });
    }
  },
};
