import type { InfraInfo, InfraKind, Site, VmInfo } from './model';

/** A VM appeared in a vCenter (first full collection or created later). */
export interface VmDiscovered {
  type: 'VmDiscovered';
  site: Site;
  vm: VmInfo;
}
/** A VM's collected fields changed; `changed` names the VmInfo fields that differ. */
export interface VmChanged {
  type: 'VmChanged';
  site: Site;
  vm: VmInfo;
  changed: string[];
}
/** A VM left the vCenter (deleted or unregistered). */
export interface VmRemoved {
  type: 'VmRemoved';
  site: Site;
  id: string;
}
/** A datacenter, cluster, host, datastore, network, folder or pool appeared or changed. */
export interface InfraObjectSeen {
  type: 'InfraObjectSeen';
  site: Site;
  object: InfraInfo;
}
/** An infrastructure object left the vCenter. */
export interface InfraObjectRemoved {
  type: 'InfraObjectRemoved';
  site: Site;
  kind: InfraKind;
  id: string;
}
/** A full collection of a vCenter finished. */
export interface InventorySynced {
  type: 'InventorySynced';
  site: Site;
  vms: number;
  objects: number;
  atMillis: number;
}

/** Everything the inventory records about vCenters. */
export type InventoryEvent = VmDiscovered | VmChanged | VmRemoved | InfraObjectSeen | InfraObjectRemoved | InventorySynced;

/** Names of VmInfo fields whose values differ (compared structurally, whatever the key order). */
export function changedFields(before: VmInfo, after: VmInfo): string[] {
  return (Object.keys(after) as Array<keyof VmInfo>).filter((k) => !sameValue(before[k], after[k]));
}

/** Structural equality that ignores object key order (a decoded copy may list keys in another order). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
