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

/** Names of VmInfo fields whose values differ (compared structurally). */
export function changedFields(before: VmInfo, after: VmInfo): string[] {
  return (Object.keys(after) as Array<keyof VmInfo>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
