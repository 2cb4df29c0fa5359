// Changed-block tracking (CBT) and the snapshots it is read through: switch CBT on, list a snapshot's
// disks with their changeId (the point the next delta is queried from) and the file the snapshot froze,
// and QueryChangedDiskAreas over a whole disk (the server answers one stretch per call).
import { ValidationError } from '@ferry/errors';
import type { VsphereClient } from './client';
import { readProperty } from './property';
import { arr, at, bool, num, ref, str, type MoRef, type Plain } from './values';
import { reconfigureVm, removeSnapshot } from './vm';
import { morXml } from './xml';

/** One virtual disk of a snapshot: as the snapshot froze it. */
export interface SnapshotDisk {
  /** The device key QueryChangedDiskAreas takes (e.g. 2000). */
  readonly deviceKey: number;
  /** "[datastore] folder/file.vmdk": the disk as of the snapshot (read it through the datastore /folder). */
  readonly fileName: string;
  /** The disk's CBT changeId at the snapshot; empty when CBT was off. */
  readonly changeId: string;
  readonly capacityBytes: number;
}

/** A changed area of a disk, in bytes. */
export interface ChangedArea {
  readonly start: number;
  readonly length: number;
}

/** Whether CBT is on for the VM (config.changeTrackingEnabled). */
export async function changeTrackingEnabled(client: VsphereClient, vm: MoRef): Promise<boolean> {
  return bool(await readProperty(client, vm, 'config.changeTrackingEnabled')) === true;
}

/**
 * Switches CBT on (ReconfigVM changeTrackingEnabled) unless it is on. A VM whose CBT cannot be switched
 * on is a ValidationError naming the VM, the reason vCenter gave and what to do.
 */
export async function enableChangeTracking(client: VsphereClient, vm: MoRef): Promise<{ wasEnabled: boolean }> {
  if (await changeTrackingEnabled(client, vm)) return { wasEnabled: true };
  try {
    await reconfigureVm(client, vm, { changeTrackingEnabled: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError('source_vm', `changed block tracking could not be enabled on ${vm.value}: ${reason}. Fix the VM (e.g. upgrade its hardware compatibility), or migrate it with another mode (cold or warm)`);
  }
  if (!(await changeTrackingEnabled(client, vm))) {
    throw new ValidationError('source_vm', `changed block tracking stays off on ${vm.value} after ReconfigVM; enable it in vCenter (VM options) or migrate the VM with another mode (cold or warm)`);
  }
  return { wasEnabled: false };
}

/** Switches CBT off (ReconfigVM changeTrackingEnabled=false) unless it is off; vCenter then forgets every changeId. */
export async function disableChangeTracking(client: VsphereClient, vm: MoRef): Promise<void> {
  if (await changeTrackingEnabled(client, vm)) await reconfigureVm(client, vm, { changeTrackingEnabled: false });
}

/** The virtual disks of a snapshot (config.hardware.device of the VirtualMachineSnapshot). */
export async function snapshotDisks(client: VsphereClient, snapshot: MoRef): Promise<SnapshotDisk[]> {
  const devices = arr(at(await readProperty(client, snapshot, 'config.hardware.device'), 'VirtualDevice'));
  return devices
    .filter((d) => str(at(d, '$type')) === 'VirtualDisk')
    .map((d) => ({
      deviceKey: num(at(d, 'key')) ?? 0,
      fileName: str(at(d, 'backing.fileName')) ?? '',
      changeId: str(at(d, 'backing.changeId')) ?? '',
      capacityBytes: num(at(d, 'capacityInBytes')) ?? (num(at(d, 'capacityInKB')) ?? 0) * 1024,
    }));
}

/** One QueryChangedDiskAreas call: the changed areas from `startOffset` and how far the answer reaches. */
export async function queryChangedDiskAreas(
  client: VsphereClient,
  vm: MoRef,
  snapshot: MoRef,
  deviceKey: number,
  startOffset: number,
  changeId: string,
): Promise<{ startOffset: number; length: number; areas: ChangedArea[] }> {
  const info = await client.invokeValue('QueryChangedDiskAreas', vm, { snapshot: morXml(snapshot), deviceKey, startOffset, changeId });
  const areas = arr(at(info, 'changedArea')).map((a) => ({ start: num(at(a, 'start')) ?? 0, length: num(at(a, 'length')) ?? 0 }));
  return { startOffset: num(at(info, 'startOffset')) ?? startOffset, length: num(at(info, 'length')) ?? 0, areas };
}

/**
 * Every area of the disk changed since `changeId` ("*": every allocated area) up to the snapshot, calling
 * QueryChangedDiskAreas from offset 0 until its answers cover `capacityBytes`.
 */
export async function changedDiskAreas(client: VsphereClient, vm: MoRef, snapshot: MoRef, deviceKey: number, changeId: string, capacityBytes: number): Promise<ChangedArea[]> {
  const areas: ChangedArea[] = [];
  for (let offset = 0; offset < capacityBytes; ) {
    const part = await queryChangedDiskAreas(client, vm, snapshot, deviceKey, offset, changeId);
    areas.push(...part.areas);
    if (part.length <= 0) throw new Error(`vCenter ${client.server}: QueryChangedDiskAreas on ${vm.value} disk ${deviceKey} answered an empty stretch at offset ${offset}`);
    offset = part.startOffset + part.length;
  }
  return areas;
}

/** A snapshot of a VM by name. */
export interface NamedSnapshot {
  readonly snapshot: MoRef;
  readonly name: string;
}

/** Every snapshot of the VM (snapshot.rootSnapshotList, children included). */
export async function listSnapshots(client: VsphereClient, vm: MoRef): Promise<NamedSnapshot[]> {
  const out: NamedSnapshot[] = [];
  const walk = (trees: Plain[]): void => {
    for (const tree of trees) {
      const snapshot = ref(at(tree, 'snapshot'));
      if (snapshot) out.push({ snapshot, name: str(at(tree, 'name')) ?? '' });
      walk(arr(at(tree, 'childSnapshotList')));
    }
  };
  walk(arr(at(await readProperty(client, vm, 'snapshot'), 'rootSnapshotList')));
  return out;
}

/** Removes every snapshot of the VM whose name starts with `prefix`; returns the names removed. */
export async function removeSnapshotsNamed(client: VsphereClient, vm: MoRef, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  for (const { snapshot, name } of await listSnapshots(client, vm)) {
    if (!name.startsWith(prefix)) continue;
    await removeSnapshot(client, snapshot);
    removed.push(name);
  }
  return removed;
}
