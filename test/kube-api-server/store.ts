// The simulated API server's state: its objects, the resourceVersion counter, and the event log
// a watch resumes from.
import { randomUUID } from 'node:crypto';
import { resourceByKind } from './resources';
import { selects, type Selection } from './selectors';
import type { KubeObject } from './types';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoredEvent {
  rv: number;
  type: EventType;
  obj: KubeObject;
}

function keyOf(kind: string, ns: string | undefined, name: string): string {
  return `${kind}/${ns ?? ''}/${name}`;
}

export const clone = <T>(o: T): T => structuredClone(o);

export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  log: StoredEvent[] = [];
  rv = 1;
  compactedRv = 1;

  /** onEvent: after each change is logged (the server sends it to its watches). */
  constructor(private readonly onEvent: (type: EventType, obj: KubeObject) => void) {}

  /** Creates or replaces an object; returns the stored copy with its new resourceVersion. */
  upsert(input: KubeObject): KubeObject {
    const type = resourceByKind(String(input.kind));
    const obj = clone(input);
    obj.apiVersion = type.apiVersion;
    if (!type.namespaced) delete obj.metadata.namespace;
    else obj.metadata.namespace ??= 'default';
    const key = keyOf(type.kind, obj.metadata.namespace, obj.metadata.name);
    const old = this.objects.get(key);
    obj.metadata.uid = old?.metadata.uid ?? obj.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp =
      old?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    // generation counts spec changes, as the apiserver does; a status write leaves it alone.
    const oldGen = Number(old?.metadata.generation ?? 0);
    obj.metadata.generation = !old
      ? 1
      : JSON.stringify(old.spec) === JSON.stringify(obj.spec)
        ? oldGen || 1
        : oldGen + 1;
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, obj);
    this.emit(old ? 'MODIFIED' : 'ADDED', obj);
    return clone(obj);
  }

  /** Deletes an object (a Namespace takes its contents with it). Returns whether it existed. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const type = resourceByKind(kind);
    const key = keyOf(type.kind, type.namespaced ? (namespace ?? 'default') : undefined, name);
    const old = this.objects.get(key);
    if (!old) return false;
    if (kind === 'Namespace') {
      for (const o of [...this.objects.values()]) {
        if (o.metadata.namespace === name) this.remove(String(o.kind), name, o.metadata.name);
      }
    }
    this.objects.delete(key);
    const obj = clone(old);
    obj.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', obj);
    return true;
  }

  /** Replaces only the status of an existing object, as a controller's write to the status subresource. */
  updateStatus(kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): KubeObject {
    const old = this.get(kind, namespace, name);
    if (!old) throw new Error(`${kind} ${namespace ?? ''}/${name} does not exist`);
    return this.upsert({ ...old, status: structuredClone(status) });
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = resourceByKind(kind);
    const o = this.objects.get(keyOf(type.kind, type.namespaced ? (namespace ?? 'default') : undefined, name));
    return o && clone(o);
  }

  /** Forgets all history up to now: any list/watch resourceVersion older than the current one is 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.log = [];
  }

  /** The object at exactly this kind, namespace and name (no defaulting), not a copy. */
  at(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(kind, namespace, name));
  }

  /** The objects a list or watch selects, by namespace and name. */
  matching(selection: Selection): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => selects(selection, o))
      .sort((a, b) =>
        keyOf('', a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf('', b.metadata.namespace, b.metadata.name),
        ),
      );
  }

  private emit(type: EventType, obj: KubeObject): void {
    const ev: StoredEvent = { rv: Number(obj.metadata.resourceVersion), type, obj: clone(obj) };
    this.log.push(ev);
    this.onEvent(type, obj);
  }
}
