// Changed-block tracking against our vcsim launcher: CBT switched on through ReconfigVM, snapshots that
// freeze the disk (read back through the datastore /folder), QueryChangedDiskAreas between snapshots,
// and vCenter's faults for a VM without CBT, a bad changeId and a VM whose CBT cannot be switched on.
import { mkdir, open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeImage, makeSourceRaw, startVcsim, type VcsimInstance } from '@ferry/testing';
import {
  VsphereClient, changeTrackingEnabled, changedDiskAreas, createSnapshot, createVm, defaultPlacement, disableChangeTracking, enableChangeTracking, getDatastoreFile, listSnapshots,
  queryChangedDiskAreas, removeSnapshot, removeSnapshotsNamed, snapshotDisks, type DefaultPlacement, type MoRef,
} from '../src';

jest.setTimeout(120_000);

const MiB = 2 ** 20;
let vc: VcsimInstance;
let client: VsphereClient;
let place: DefaultPlacement;

beforeAll(async () => {
  vc = await startVcsim();
  client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
  place = await defaultPlacement(client);
});
afterAll(async () => {
  await client?.logout();
  await vc?.stop();
});

/** A VM whose one disk is a real 4 MiB monolithicFlat VMDK in the datastore folder; returns the VM and the flat file. */
async function vmWithDisk(name: string, version?: string): Promise<{ vm: MoRef; flat: string; folder: string }> {
  const ds = vc.datastores[0]!;
  const folder = `cbt/${name}`;
  await mkdir(join(ds.path, folder), { recursive: true });
  const raw = join(ds.path, folder, 'seed.raw');
  await makeSourceRaw(raw, 4 * MiB, [{ offset: 0, length: MiB, kind: 'random' }, { offset: 3 * MiB, length: 64 * 1024, kind: 'text' }]);
  await makeImage(raw, 'vmdk-monolithicFlat', join(ds.path, folder, 'disk0.vmdk'));
  const vm = await createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, {
    name, guestId: 'debian11_64Guest', vmPathName: `[${ds.name}]`, numCPUs: 1, memoryMB: 256, ...(version ? { version } : {}),
    addDevices: [
      { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
      { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: 4096, fileName: `[${ds.name}] ${folder}/disk0.vmdk` },
    ],
  });
  return { vm, flat: join(ds.path, folder, 'disk0-flat.vmdk'), folder };
}

/** Writes `length` bytes of 0xAB at `offset` into the running VM's flat extent (what its guest would do). */
async function write(flat: string, offset: number, length: number): Promise<void> {
  const handle = await open(flat, 'r+');
  await handle.write(Buffer.alloc(length, 0xab), 0, length, offset);
  await handle.close();
}

describe('changed-block tracking', () => {
  it('reports exactly the areas written between two snapshots, and the snapshot reads as it was frozen', async () => {
    const { vm, flat, folder } = await vmWithDisk('cbt-delta');
    expect(await enableChangeTracking(client, vm)).toEqual({ wasEnabled: false });
    expect(await changeTrackingEnabled(client, vm)).toBe(true);
    expect(await enableChangeTracking(client, vm)).toEqual({ wasEnabled: true });

    const first = await createSnapshot(client, vm, 'ferry-test-1');
    const [disk1] = await snapshotDisks(client, first);
    expect(disk1).toMatchObject({ capacityBytes: 4 * MiB, changeId: expect.stringMatching(/^52 [0-9a-f ]+-[0-9a-f ]+\/\d+$/) });
    expect(disk1!.fileName).toMatch(/ferrysnap/);
    // "*": the allocated areas (the random MiB and the text at 3 MiB).
    const all = await changedDiskAreas(client, vm, first, disk1!.deviceKey, '*', 4 * MiB);
    expect(all).toEqual([{ start: 0, length: MiB }, { start: 3 * MiB, length: 64 * 1024 }]);

    const before = await readFile(flat);
    await write(flat, 2 * MiB + 100, 10);
    await write(flat, 3 * MiB + 128 * 1024, 70 * 1024);
    const second = await createSnapshot(client, vm, 'ferry-test-2');
    const [disk2] = await snapshotDisks(client, second);
    const changed = await changedDiskAreas(client, vm, second, disk2!.deviceKey, disk1!.changeId, 4 * MiB);
    // Whole 64 KiB tracking blocks: one at 2 MiB, two from 3 MiB + 128 KiB.
    expect(changed).toEqual([{ start: 2 * MiB, length: 64 * 1024 }, { start: 3 * MiB + 128 * 1024, length: 128 * 1024 }]);

    // The first snapshot's disk, read through the datastore /folder, is the disk before the writes.
    const frozenFlat = disk1!.fileName.replace(/^\[[^\]]+\]\s*/, '').replace(/\.vmdk$/, '-flat.vmdk');
    const frozen = await getDatastoreFile(client, { datacenter: place.datacenter.name, datastore: vc.datastores[0]!.name, path: frozenFlat });
    expect(frozen.equals(before)).toBe(true);

    // Removing the snapshots removes their frozen files; the changeId stays usable for a later delta.
    await removeSnapshot(client, first);
    await write(flat, 0, 1);
    const third = await createSnapshot(client, vm, 'ferry-test-3');
    const [disk3] = await snapshotDisks(client, third);
    const sinceFirst = await changedDiskAreas(client, vm, third, disk3!.deviceKey, disk1!.changeId, 4 * MiB);
    expect(sinceFirst[0]).toEqual({ start: 0, length: 64 * 1024 });
    expect(await removeSnapshotsNamed(client, vm, 'ferry-test-')).toEqual(['ferry-test-2', 'ferry-test-3']);
    expect(await listSnapshots(client, vm)).toEqual([]);
    expect((await readdir(join(vc.datastores[0]!.path, folder))).filter((f) => f.includes('ferrysnap'))).toEqual([]);
  });

  it('answers with vCenter faults: no CBT on the VM, a bad changeId, an offset past the disk', async () => {
    const { vm } = await vmWithDisk('cbt-faults');
    const snap = await createSnapshot(client, vm, 'no-cbt');
    const [disk] = await snapshotDisks(client, snap);
    await expect(queryChangedDiskAreas(client, vm, snap, disk!.deviceKey, 0, '*')).rejects.toThrow(/FileFault: Error caused by file .*changed block tracking is not enabled/);
    await removeSnapshot(client, snap);

    await enableChangeTracking(client, vm);
    const tracked = await createSnapshot(client, vm, 'cbt');
    const [trackedDisk] = await snapshotDisks(client, tracked);
    await expect(queryChangedDiskAreas(client, vm, tracked, trackedDisk!.deviceKey, 0, '52 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00/9')).rejects.toThrow(
      /InvalidArgument: A specified parameter was not correct: changeId/,
    );
    await expect(queryChangedDiskAreas(client, vm, tracked, trackedDisk!.deviceKey, 8 * MiB, '*')).rejects.toThrow(/startOffset/);
    await removeSnapshot(client, tracked);

    // CBT switched off and on again: the changeIds of before are refused (a full sync must start again from "*").
    await disableChangeTracking(client, vm);
    expect(await changeTrackingEnabled(client, vm)).toBe(false);
    await enableChangeTracking(client, vm);
    const later = await createSnapshot(client, vm, 'cbt-again');
    await expect(queryChangedDiskAreas(client, vm, later, trackedDisk!.deviceKey, 0, trackedDisk!.changeId)).rejects.toThrow(/changeId .*reset; start again from "\*"/);
    await removeSnapshot(client, later);
  });

  it('refuses to switch CBT on below hardware version 7, naming the fix', async () => {
    const { vm } = await vmWithDisk('cbt-old-hw', 'vmx-04');
    await expect(enableChangeTracking(client, vm)).rejects.toThrow(/changed block tracking could not be enabled on vm-\d+: .*vmx-04.*needs vmx-07 or later.*migrate it with another mode/);
    expect(await changeTrackingEnabled(client, vm)).toBe(false);
  });
});
