/**
 * Where a move puts its VM, chosen from an inventory of two datacenters: DC0 with two clusters
 * (C0 with a child pool "gold", C1), a standalone host and two datastores; DC1 with one cluster
 * and the datastore "shared". Given the inventory and a request, then a placement or a refusal
 * that names what exists.
 */
import { NotFoundError, ValidationError } from '@ferry/errors';
import type { MoRef } from '@ferry/vsphere';
import { InventoryIndex, type InventoryObject } from './inventory-index';
import { choosePlacement, type PlacementRequest } from './placement-choice';

const r = (type: string, value: string): MoRef => ({ type, value });
const root = r('Folder', 'group-d1');
const o = (ref: MoRef, name: string, parent: MoRef, vmFolder?: MoRef): InventoryObject => ({ ref, name, parent, vmFolder });

const dc0 = r('Datacenter', 'datacenter-2');
const dc1 = r('Datacenter', 'datacenter-50');
const [vm0, host0, ds0, vm1, host1, ds1] = ['group-v3', 'group-h4', 'group-s5', 'group-v51', 'group-h52', 'group-s53'].map((v) => r('Folder', v)) as [MoRef, MoRef, MoRef, MoRef, MoRef, MoRef];
const c0 = r('ClusterComputeResource', 'domain-c7');
const c1 = r('ClusterComputeResource', 'domain-c9');
const h9 = r('ComputeResource', 'domain-s20');
const c2 = r('ClusterComputeResource', 'domain-c60');
const pools = { c0: r('ResourcePool', 'resgroup-8'), gold: r('ResourcePool', 'resgroup-30'), c1: r('ResourcePool', 'resgroup-10'), h9: r('ResourcePool', 'resgroup-21'), c2: r('ResourcePool', 'resgroup-61') };
const apps = r('Folder', 'group-v40');

const WHERE = 'the cloud vCenter https://cloud.test/sdk';
const inventory = (): InventoryIndex =>
  new InventoryIndex([
    o(dc0, 'DC0', root, vm0), o(vm0, 'vm', dc0), o(host0, 'host', dc0), o(ds0, 'datastore', dc0), o(apps, 'apps', vm0),
    o(c1, 'C1', host0), o(c0, 'C0', host0), o(h9, 'H9', host0),
    o(pools.c1, 'Resources', c1), o(pools.c0, 'Resources', c0), o(pools.gold, 'gold', pools.c0), o(pools.h9, 'Resources', h9),
    o(r('Datastore', 'datastore-11'), 'LocalDS_0', ds0), o(r('Datastore', 'datastore-12'), 'fast-ssd', ds0),
    o(dc1, 'DC1', root, vm1), o(vm1, 'vm', dc1), o(host1, 'host', dc1), o(ds1, 'datastore', dc1),
    o(c2, 'C2', host1), o(pools.c2, 'Resources', c2), o(r('Datastore', 'datastore-70'), 'shared', ds1),
    // The same cluster again, as a ComputeResource: a container view of both types lists it twice.
    o(r('ClusterComputeResource', 'domain-c7'), 'C0', host0),
  ]);

const request = (over: Partial<PlacementRequest> = {}): PlacementRequest => ({ datastore: 'LocalDS_0', resourcePool: '', folder: '', ...over });
const refusal = (over: Partial<PlacementRequest>): Error => {
  try {
    choosePlacement(inventory(), request(over), WHERE);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
};

describe('choosePlacement', () => {
  it('given no resource pool, places in the root pool of the first cluster (by path), in its datacenter VM folder', () => {
    expect(choosePlacement(inventory(), request(), WHERE)).toEqual({ resourcePool: pools.c0, resourcePoolPath: '/DC0/host/C0/Resources', datastore: 'LocalDS_0', folder: undefined });
  });

  it.each([
    ['an inventory path', '/DC0/host/C0/Resources/gold', pools.gold],
    ['a path without the leading slash', 'DC1/host/C2/Resources/', pools.c2],
    ['a unique name', 'gold', pools.gold],
  ])('finds a resource pool by %s', (_how, resourcePool, expected) => {
    const datastore = expected === pools.c2 ? 'shared' : 'LocalDS_0';
    expect(choosePlacement(inventory(), request({ resourcePool, datastore }), WHERE).resourcePool).toEqual(expected);
  });

  it('finds a VM folder by path or name, within the pool\'s datacenter', () => {
    expect(choosePlacement(inventory(), request({ folder: '/DC0/vm/apps' }), WHERE).folder).toEqual(apps);
    expect(choosePlacement(inventory(), request({ folder: 'apps' }), WHERE).folder).toEqual(apps);
  });

  it('refuses a name several resource pools have, listing their paths', () => {
    const error = refusal({ resourcePool: 'Resources' });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      `resource_pool: "Resources" names 4 resource pools on ${WHERE} (/DC0/host/C0/Resources, /DC0/host/C1/Resources, /DC0/host/H9/Resources, /DC1/host/C2/Resources); give the inventory path of one`,
    );
  });

  it('refuses an unknown resource pool, naming the pools there are', () => {
    const error = refusal({ resourcePool: 'platinum' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      `resource_pool "platinum": no resource pool with that name on ${WHERE}; its resource pools are ` +
        '/DC0/host/C0/Resources, /DC0/host/C0/Resources/gold, /DC0/host/C1/Resources, /DC0/host/H9/Resources, /DC1/host/C2/Resources',
    );
  });

  it('refuses a path that is not a resource pool (a cluster)', () => {
    expect(refusal({ resourcePool: '/DC0/host/C0' })).toMatchObject({ name: 'NotFoundError', message: expect.stringMatching(/^resource_pool "\/DC0\/host\/C0": no resource pool with that inventory path/) });
  });

  it('refuses an unknown datastore, naming the datastores of the pool\'s datacenter', () => {
    const error = refusal({ datastore: 'nfs-01' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(`datastore "nfs-01" is not in datacenter DC0 of ${WHERE} (where resource pool /DC0/host/C0/Resources is); its datastores are LocalDS_0, fast-ssd`);
  });

  it('refuses a datastore of another datacenter, saying where it is', () => {
    expect(refusal({ datastore: 'shared' }).message).toMatch(/^datastore "shared" is not in datacenter DC0 .*; its datastores are LocalDS_0, fast-ssd; "shared" is in datacenter DC1: choose a resource_pool there$/);
  });

  it('refuses a VM folder of another datacenter, and a folder that holds no VMs', () => {
    const other = refusal({ folder: '/DC1/vm' });
    expect(other).toBeInstanceOf(ValidationError);
    expect(other.message).toBe('folder: /DC1/vm is not in datacenter DC0, where resource pool /DC0/host/C0/Resources is; choose a VM folder under /DC0/vm');
    expect(refusal({ folder: '/DC0/host' }).message).toBe(`folder "/DC0/host": no VM folder with that inventory path on ${WHERE}; its VM folders are /DC0/vm, /DC0/vm/apps, /DC1/vm`);
  });
});
