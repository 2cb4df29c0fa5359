// The inventory paths ("/DC0/vm", "/DC0/host/DC0_C0/Resources") of the cloud vCenter's VM folders,
// resource pools and datacenters, built from the inventory's objects and their parents, so CreatePlan
// can check a plan's target the way it checks datastores.
import { ferry } from '@ferry/proto';
import type { KnownPaths, PlanInventory } from '../plan';

import inv = ferry.inventory.v1;

/** The kinds a placement path runs through: datacenters, folders, clusters, hosts, resource pools. */
export const PLACEMENT_KINDS: readonly inv.InfraKind[] = [
  inv.InfraKind.INFRA_KIND_DATACENTER,
  inv.InfraKind.INFRA_KIND_FOLDER,
  inv.InfraKind.INFRA_KIND_CLUSTER,
  inv.InfraKind.INFRA_KIND_HOST,
  inv.InfraKind.INFRA_KIND_RESOURCE_POOL,
];

/**
 * The object's path, or undefined when the inventory cannot tell it. vCenter's root folder is not
 * part of a path; the inventory does not list it (it reads below it), so the chain ends at an object
 * whose parent is unknown, which must then be a datacenter or a folder of the root. Anything else
 * there (a pool whose compute resource the inventory does not collect, as a standalone host's) has
 * no path here.
 */
export function pathOf(object: inv.IInfraObject, byId: ReadonlyMap<string, inv.IInfraObject>): string | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  let node: inv.IInfraObject | undefined = object;
  while (node) {
    if (seen.has(node.id ?? '')) return undefined; // a cycle: not a tree
    seen.add(node.id ?? '');
    if (node.kind === inv.InfraKind.INFRA_KIND_FOLDER && !node.parentId) break; // the root folder, when listed
    names.unshift(node.name ?? '');
    const parent = byId.get(node.parentId ?? '');
    if (!parent && node.kind !== inv.InfraKind.INFRA_KIND_DATACENTER && node.kind !== inv.InfraKind.INFRA_KIND_FOLDER) return undefined;
    node = parent;
  }
  return `/${names.join('/')}`;
}

function known(objects: readonly inv.IInfraObject[], kind: inv.InfraKind, byId: ReadonlyMap<string, inv.IInfraObject>): KnownPaths {
  const paths = new Set<string>();
  const unresolvedNames = new Set<string>();
  const isRoot = (o: inv.IInfraObject): boolean => o.kind === inv.InfraKind.INFRA_KIND_FOLDER && !o.parentId; // holds no VM
  for (const object of objects.filter((o) => o.kind === kind && !isRoot(o))) {
    const path = pathOf(object, byId);
    if (path !== undefined) paths.add(path);
    else unresolvedNames.add(object.name ?? '');
  }
  return { paths: [...paths].sort(), unresolvedNames: [...unresolvedNames].sort() };
}

/** The cloud's placement objects by kind, from the inventory's objects of PLACEMENT_KINDS. */
export function placementPaths(objects: readonly inv.IInfraObject[]): PlanInventory['targetPlacement'] {
  const byId = new Map(objects.filter((o) => o.id).map((o) => [o.id ?? '', o]));
  return {
    folder: known(objects, inv.InfraKind.INFRA_KIND_FOLDER, byId),
    resourcePool: known(objects, inv.InfraKind.INFRA_KIND_RESOURCE_POOL, byId),
    datacenter: known(objects, inv.InfraKind.INFRA_KIND_DATACENTER, byId),
  };
}
