/**
 * The part of a vCenter's inventory a move is placed in (datacenters, folders, compute resources,
 * resource pools, datastores), indexed by inventory path as the vSphere client shows it:
 * "/DC0/host/DC0_C0/Resources". The root folder is not part of a path.
 */
import type { MoRef } from '@ferry/vsphere';

/** One managed entity: its name and its parent (absent for the root folder's children's parent). */
export interface InventoryObject {
  ref: MoRef;
  name: string;
  parent?: MoRef;
  /** Datacenters only: the root of their VM folders. */
  vmFolder?: MoRef;
}

const keyOf = (r: MoRef): string => `${r.type}:${r.value}`;

/** Looks objects up by type, path and datacenter. */
export class InventoryIndex {
  private readonly objects = new Map<string, InventoryObject>();
  private readonly paths = new Map<string, string>();

  constructor(objects: Iterable<InventoryObject>) {
    // A cluster can come twice (as ComputeResource and as ClusterComputeResource): the first wins.
    for (const o of objects) if (!this.objects.has(keyOf(o.ref))) this.objects.set(keyOf(o.ref), o);
  }

  /** Objects of the given managed object types, sorted by path (code points, so "first" never depends on the locale). */
  ofType(...types: string[]): InventoryObject[] {
    const byPath = (a: InventoryObject, b: InventoryObject): number => {
      const [pa, pb] = [this.pathOf(a.ref), this.pathOf(b.ref)];
      return pa < pb ? -1 : pa > pb ? 1 : 0;
    };
    return [...this.objects.values()].filter((o) => types.includes(o.ref.type)).sort(byPath);
  }

  get(r: MoRef | undefined): InventoryObject | undefined {
    return r ? this.objects.get(keyOf(r)) : undefined;
  }

  /** "/DC0/host/DC0_C0/Resources"; a "/" inside a name is written %2f, as vSphere does. */
  pathOf(r: MoRef): string {
    const known = this.paths.get(keyOf(r));
    if (known !== undefined) return known;
    const names: string[] = [];
    const seen = new Set<string>();
    for (let o = this.get(r); o && !seen.has(keyOf(o.ref)); o = this.get(o.parent)) {
      seen.add(keyOf(o.ref));
      names.unshift(o.name.replace(/\//g, '%2f'));
    }
    const path = `/${names.join('/')}`;
    this.paths.set(keyOf(r), path);
    return path;
  }

  /** The datacenter `r` is in (itself for a datacenter). */
  datacenterOf(r: MoRef): InventoryObject | undefined {
    const seen = new Set<string>();
    for (let o = this.get(r); o && !seen.has(keyOf(o.ref)); o = this.get(o.parent)) {
      if (o.ref.type === 'Datacenter') return o;
      seen.add(keyOf(o.ref));
    }
    return undefined;
  }

  /** Whether `r` is `ancestor` or below it. */
  isWithin(r: MoRef, ancestor: MoRef): boolean {
    const seen = new Set<string>();
    for (let o = this.get(r); o && !seen.has(keyOf(o.ref)); o = this.get(o.parent)) {
      if (keyOf(o.ref) === keyOf(ancestor)) return true;
      seen.add(keyOf(o.ref));
    }
    return false;
  }
}
