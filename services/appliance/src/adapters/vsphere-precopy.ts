// PrecopyPort on the prem vCenter: CBT switched on through ReconfigVM, snapshots, and QueryChangedDiskAreas
// turned into the data plane's chunk indexes and changed areas. A snapshot's disks are read as the snapshot froze them: the
// file its config names, over the datastore /folder (a datastore: locator for prem-esxi-manager).
import { IllegalStateError } from '@ferry/errors';
import { changedDiskAreas, createSnapshot, disableChangeTracking, enableChangeTracking, listSnapshots, removeSnapshotsNamed, snapshotDisks, type MoRef, type VsphereClient } from '@ferry/vsphere';
import type { VmRef } from '../migration';
import type { ChangedChunks, PrecopyPort, SyncSnapshot } from '../orchestration/precopy-ports';
import { parseDatastorePath } from './datastore-layout';

const vmRef = (vm: VmRef): MoRef => ({ type: 'VirtualMachine', value: vm.moref });
const snapshotRef = (snapshot: string): MoRef => ({ type: 'VirtualMachineSnapshot', value: snapshot });

/**
 * Changed areas a sync sends as they are (each chunk as its changed span); more go as whole chunks, so the
 * StartTransfer request (a message on the transfer queue, too) stays well under NATS's 1 MB payload.
 */
export const MAX_CHANGED_AREAS = 20_000;

/** The chunk indexes `areas` touch, ascending, the bytes they cover and, up to MAX_CHANGED_AREAS of them, the areas. */
export function chunksOfAreas(areas: readonly { start: number; length: number }[], chunkSize: number): ChangedChunks {
  const chunks = new Set<number>();
  let changedBytes = 0;
  for (const { start, length } of areas) {
    if (length <= 0) continue;
    changedBytes += length;
    for (let index = Math.floor(start / chunkSize); index <= Math.floor((start + length - 1) / chunkSize); index++) chunks.add(index);
  }
  const sent = areas.filter((area) => area.length > 0).map(({ start, length }) => ({ offset: start, length }));
  return { chunks: [...chunks].sort((a, b) => a - b), changedBytes, ...(sent.length <= MAX_CHANGED_AREAS ? { areas: sent } : {}) };
}

export class VspherePrecopy implements PrecopyPort {
  /** `datacenter`: the prem datacenter's name, as datastore: locators (the /folder dcPath) want it. */
  constructor(
    private readonly prem: VsphereClient,
    private readonly datacenter: () => Promise<string>,
  ) {}

  enableChangeTracking(vm: VmRef): Promise<{ wasEnabled: boolean }> {
    return enableChangeTracking(this.prem, vmRef(vm));
  }

  disableChangeTracking(vm: VmRef): Promise<void> {
    return disableChangeTracking(this.prem, vmRef(vm));
  }

  async takeSnapshot(vm: VmRef, name: string): Promise<SyncSnapshot> {
    const snapshot = await createSnapshot(this.prem, vmRef(vm), name, { description: 'Ferry pre-copy sync: removed once the sync completed' });
    return this.describe(vm, snapshot.value);
  }

  async findSnapshot(vm: VmRef, snapshot: string): Promise<SyncSnapshot | undefined> {
    const all = await listSnapshots(this.prem, vmRef(vm));
    return all.some((s) => s.snapshot.value === snapshot) ? this.describe(vm, snapshot) : undefined;
  }

  async changedChunks(vm: VmRef, snapshot: string, diskKey: string, sinceChangeId: string, capacityBytes: number, chunkSize: number): Promise<ChangedChunks> {
    const areas = await changedDiskAreas(this.prem, vmRef(vm), snapshotRef(snapshot), Number(diskKey), sinceChangeId, capacityBytes);
    return chunksOfAreas(areas, chunkSize);
  }

  removeSnapshots(vm: VmRef, prefix: string): Promise<string[]> {
    return removeSnapshotsNamed(this.prem, vmRef(vm), prefix);
  }

  private async describe(vm: VmRef, snapshot: string): Promise<SyncSnapshot> {
    const datacenter = await this.datacenter();
    const disks = await snapshotDisks(this.prem, snapshotRef(snapshot));
    if (disks.length === 0) throw new IllegalStateError(`snapshot ${snapshot} of ${vm.moref} names no disk; check the VM on the prem vCenter`);
    return {
      snapshot,
      disks: disks.map((disk) => {
        const { datastore, path } = parseDatastorePath(disk.fileName);
        return { diskKey: String(disk.deviceKey), changeId: disk.changeId, sourceLocator: `datastore:${datacenter}/${datastore}/${path}`, capacityBytes: disk.capacityBytes };
      }),
    };
  }
}
