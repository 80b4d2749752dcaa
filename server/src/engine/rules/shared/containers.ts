// Containers of a workload including init containers, and their declared ports (shared by the
// container-level rules: resources, image tags, probe and Service ports, headless Services).
import type { KObject, Path } from '../../types';
import { containers, podSpec, podSpecPath, type ContainerRef } from '../../k8s';

export interface AnyContainerRef extends ContainerRef {
  init: boolean;
}

/** Regular containers, then init containers, with their paths. */
export function allContainers(obj: KObject): AnyContainerRef[] {
  // Written out, not spread: every container rule asks for these, for every workload it checks.
  const out: AnyContainerRef[] = containers(obj).map((c) => ({
    container: c.container,
    path: c.path,
    index: c.index,
    init: false,
  }));
  const list = podSpec(obj).initContainers;
  if (Array.isArray(list)) {
    const base: Path = [...podSpecPath(obj), 'initContainers'];
    list.forEach((c, index) => {
      if (c && typeof c === 'object' && !Array.isArray(c))
        out.push({ container: c, path: [...base, index], index, init: true });
    });
  }
  return out;
}

export function containerName(c: Record<string, any>): string {
  return typeof c.name === 'string' && c.name ? c.name : '(unnamed)';
}

export interface DeclaredPort {
  name?: string;
  containerPort?: number;
  /** TCP unless declared otherwise. */
  protocol: string;
}

/** The container's `ports[]` entries. */
export function declaredPorts(c: Record<string, any>): DeclaredPort[] {
  if (!Array.isArray(c.ports)) return [];
  return c.ports
    .filter((p: unknown) => p && typeof p === 'object' && !Array.isArray(p))
    .map((p: Record<string, any>) => ({
      name: typeof p.name === 'string' && p.name ? p.name : undefined,
      containerPort:
        typeof p.containerPort === 'number'
          ? p.containerPort
          : typeof p.containerPort === 'string' && /^\d+$/.test(p.containerPort)
            ? Number(p.containerPort)
            : undefined,
      protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
    }));
}

/** A port reference (IntOrString) as a number or a name; numeric strings count as numbers. */
export function portRef(v: unknown): { number: number } | { name: string } | null {
  if (typeof v === 'number' && Number.isInteger(v)) return { number: v };
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return { number: Number(v.trim()) };
  if (typeof v === 'string' && v) return { name: v };
  return null;
}
