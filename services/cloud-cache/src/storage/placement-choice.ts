/**
 * Where a moved volume's VM goes, chosen from the cloud vCenter's inventory: a resource pool (by
 * inventory path or name; none = the first cluster's root pool), a datastore of that pool's
 * datacenter (by name) and optionally a VM folder there. A name that matches nothing is refused
 * naming what exists; a name that matches several is refused asking for the path.
 */
import { NotFoundError, ValidationError } from '@ferry/errors';
import type { MoRef } from '@ferry/vsphere';
import type { InventoryIndex, InventoryObject } from './inventory-index';

/** The placement fields of a move-volume command. */
export interface PlacementRequest {
  /** Datastore name. */
  datastore: string;
  /** Inventory path or name; '' = the first cluster's root pool. */
  resourcePool: string;
  /** Inventory path or name of a VM folder; '' = the datacenter's VM folder. */
  folder: string;
}

/** A placement the import can use. */
export interface Placement {
  resourcePool: MoRef;
  resourcePoolPath: string;
  datastore: string;
  folder?: MoRef;
}

interface Kind {
  field: string;
  noun: string;
}

const POOL: Kind = { field: 'resource_pool', noun: 'resource pool' };
const FOLDER: Kind = { field: 'folder', noun: 'VM folder' };
const LISTED = 20;

/** Chooses the placement of `request` in `index`; `where` names the vCenter in errors. */
export function choosePlacement(index: InventoryIndex, request: PlacementRequest, where: string): Placement {
  const pools = index.ofType('ResourcePool', 'VirtualApp');
  const pool = request.resourcePool.trim() ? pick(index, pools, request.resourcePool, POOL, where) : defaultPool(pools, where);
  const poolPath = index.pathOf(pool.ref);
  const dc = index.datacenterOf(pool.ref);
  if (!dc) throw new NotFoundError(`resource pool ${poolPath} on ${where} is in no datacenter; choose another resource_pool`);
  const datastore = chooseDatastore(index, request.datastore, dc, poolPath, where);
  const folder = request.folder.trim() ? chooseFolder(index, request.folder, dc, poolPath, where) : undefined;
  return { resourcePool: pool.ref, resourcePoolPath: poolPath, datastore, folder };
}

/** The root pool of the first cluster (by path); without clusters, of the first standalone host. */
function defaultPool(pools: InventoryObject[], where: string): InventoryObject {
  const rootOf = (type: string): InventoryObject | undefined => pools.find((p) => p.parent?.type === type);
  const pool = rootOf('ClusterComputeResource') ?? rootOf('ComputeResource');
  if (!pool) throw new NotFoundError(`${where} has no cluster or host with a resource pool to import the VM into; add one, or name resource_pool`);
  return pool;
}

function chooseDatastore(index: InventoryIndex, wanted: string, dc: InventoryObject, poolPath: string, where: string): string {
  const all = index.ofType('Datastore');
  const named = all.filter((d) => d.name === wanted);
  if (named.some((d) => index.datacenterOf(d.ref)?.ref.value === dc.ref.value)) return wanted;
  const here = all.filter((d) => index.datacenterOf(d.ref)?.ref.value === dc.ref.value).map((d) => d.name);
  const elsewhere = named.map((d) => index.datacenterOf(d.ref)?.name).filter((n): n is string => n !== undefined);
  const hint = elsewhere.length ? `; "${wanted}" is in datacenter ${elsewhere.join(', ')}: choose a resource_pool there` : '';
  throw new NotFoundError(
    `datastore "${wanted}" is not in datacenter ${dc.name} of ${where} (where resource pool ${poolPath} is); its datastores are ${listed(here)}${hint}`,
  );
}

function chooseFolder(index: InventoryIndex, wanted: string, dc: InventoryObject, poolPath: string, where: string): MoRef {
  const roots = index.ofType('Datacenter').flatMap((d) => (d.vmFolder ? [d.vmFolder] : []));
  const vmFolders = index.ofType('Folder').filter((f) => roots.some((root) => index.isWithin(f.ref, root)));
  const folder = pick(index, vmFolders, wanted, FOLDER, where);
  if (index.datacenterOf(folder.ref)?.ref.value !== dc.ref.value) {
    throw new ValidationError(
      FOLDER.field,
      `${index.pathOf(folder.ref)} is not in datacenter ${dc.name}, where resource pool ${poolPath} is; choose a VM folder under ${dc.vmFolder ? index.pathOf(dc.vmFolder) : `/${dc.name}/vm`}`,
    );
  }
  return folder.ref;
}

/** The one candidate `wanted` names: an inventory path when it holds a "/", else a name. */
function pick(index: InventoryIndex, candidates: InventoryObject[], wanted: string, kind: Kind, where: string): InventoryObject {
  const value = wanted.trim();
  const byPath = value.includes('/');
  const path = `/${value.replace(/^\/+|\/+$/g, '')}`;
  const found = candidates.filter((c) => (byPath ? index.pathOf(c.ref) === path : c.name === value));
  const [only] = found;
  if (only && found.length === 1) return only;
  const paths = (list: InventoryObject[]): string[] => list.map((c) => index.pathOf(c.ref));
  if (found.length > 1) {
    throw new ValidationError(kind.field, `"${value}" names ${found.length} ${kind.noun}s on ${where} (${listed(paths(found))}); give the inventory path of one`);
  }
  throw new NotFoundError(`${kind.field} "${value}": no ${kind.noun} with that ${byPath ? 'inventory path' : 'name'} on ${where}; its ${kind.noun}s are ${listed(paths(candidates))}`);
}

function listed(names: string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}
