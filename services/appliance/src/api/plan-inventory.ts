// Reads what a plan is checked against (source VMs, cloud networks, datastores and placement paths)
// from the inventory just before the plan decider runs, so the decider itself stays pure.
import { ferry } from '@ferry/proto';
import { datastoreOf, type DiskRef } from '../migration';
import type { PlanInventory } from '../plan';
import type { Inventory } from './inventory-gateway';
import { PLACEMENT_KINDS, placementPaths } from './placement-paths';

import inv = ferry.inventory.v1;

/** The plan inventory, and each found source VM's record (names and disks for planning migrations). */
export interface PlanInventorySnapshot {
  readonly inventory: PlanInventory;
  readonly vms: ReadonlyMap<string, inv.Vm>;
}

export function disksOf(vm: inv.IVm): DiskRef[] {
  return (vm.disks ?? []).map((d) => ({ key: String(d.key ?? ''), datastorePath: d.fileName ?? '', capacityBytes: Number(d.capacityBytes ?? 0) }));
}

function networksOf(vm: inv.IVm): string[] {
  return [...new Set((vm.nics ?? []).map((n) => n.network ?? '').filter((n) => n !== ''))];
}

function datastoresOf(vm: inv.IVm): string[] {
  return [...new Set(disksOf(vm).map((d) => datastoreOf(d.datastorePath)).filter((d): d is string => d !== undefined))];
}

/** Looks up each named prem VM (absent ones stay absent: the decider names them) and the cloud's networks, datastores and placement objects. */
export async function readPlanInventory(inventory: Inventory, morefs: readonly string[]): Promise<PlanInventorySnapshot> {
  const unique = [...new Set(morefs.filter((m) => m !== ''))];
  const [found, infra] = await Promise.all([
    Promise.all(unique.map((moref) => inventory.findVm(inv.Site.SITE_PREM, moref))),
    inventory.listInfra({ site: inv.Site.SITE_CLOUD, kinds: [inv.InfraKind.INFRA_KIND_NETWORK, inv.InfraKind.INFRA_KIND_DATASTORE, ...PLACEMENT_KINDS] }),
  ]);
  const vms = new Map<string, inv.Vm>();
  found.forEach((vm, i) => {
    const moref = unique[i];
    if (vm && moref !== undefined) vms.set(moref, vm);
  });
  const names = (kind: inv.InfraKind): string[] => [...new Set(infra.objects.filter((o) => o.kind === kind).map((o) => o.name ?? ''))];
  const sourceVms: Record<string, { networks: string[]; datastores: string[] }> = {};
  for (const [moref, vm] of vms) sourceVms[moref] = { networks: networksOf(vm), datastores: datastoresOf(vm) };
  return {
    inventory: {
      sourceVms,
      targetNetworks: names(inv.InfraKind.INFRA_KIND_NETWORK),
      targetDatastores: names(inv.InfraKind.INFRA_KIND_DATASTORE),
      targetPlacement: placementPaths(infra.objects),
    },
    vms,
  };
}
