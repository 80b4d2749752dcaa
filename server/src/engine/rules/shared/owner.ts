// Owner references: objects a controller manages (bare-pod, unmanaged-replicaset).
import { getIn } from '../../k8s';

/** Does the object carry `metadata.ownerReferences` (a non-empty list)? */
export function hasOwnerReferences(value: unknown): boolean {
  const refs = getIn(value, ['metadata', 'ownerReferences']);
  return Array.isArray(refs) ? refs.length > 0 : refs !== undefined && refs !== null;
}
