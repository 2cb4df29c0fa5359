// Cold migration of a VM whose disk holds a real Debian bookworm system (the cached bootable image):
// after the copy and before the target's first boot, the appliance has guest-prep fix the replica up
// on the cloud datastore. The flat extent is checked after completion, mounted read-only. guest-prep
// killed mid-fixup is a test of the fault suite: fixup-crash.e2e.spec.ts.
import { open, stat } from 'node:fs/promises';
import { ferry } from '@ferry/proto';
import { bootableDebianImage, qemuCompare, type BootableDebianImage } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { cloudFile, cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { expectCompleted, fixupSteps, readReplica, startMigration } from './fixup-migrations';
import { makeSourceVm, type SourceVmSpec } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 1 << 20;
jest.setTimeout(300_000);

let env: ColdMigrationEnv;
let debian: BootableDebianImage;

beforeAll(async () => {
  // A stopped guest-prep is waited for only 3 s here (SERVICE_OUTAGE_MS, 2 min by default) before the fixup fails.
  [env, debian] = await Promise.all([startColdMigrationEnv({ SERVICE_OUTAGE_MS: '3000' }), bootableDebianImage()]);
}, 600_000);

afterAll(async () => {
  await env?.stop();
});

async function firstMiB(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer } = await file.read(Buffer.alloc(MiB), 0, MiB, 0);
    return buffer;
  } finally {
    await file.close();
  }
}

/** Reads files of the root partition of a raw disk, mounted read-only (no journal replay) and unmounted again. */
const smallVm = (name: string): SourceVmSpec => ({ name, diskMiB: [16, 8], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });

it('migrates a Debian VM: guest-prep fixes the replica up before its first boot (fstab by UUID, NIC name pinned to the source MAC, result document)', async () => {
  const vm = await makeSourceVm(env, {
    name: 'cold-debian', diskMiB: [(await stat(debian.image)).size / MiB], cpus: 1, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios', bootImage: debian.image,
  });
  const id = await startMigration(env, vm, 'e2e-debian-fixup');
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 240_000);
  await expectCompleted(env, id);

  // The fixup's steps as the migration recorded them, from guest-prep's reply.
  const [mac, otherMac] = vm.macs;
  expect(await fixupSteps(env, id)).toEqual([
    expect.stringMatching(new RegExp(`^find-root: unchanged - Linux root ext4 UUID=${debian.rootUuid} on disk-\\d+-flat\\.vmdk partition 1$`)),
    `nic-match: warning - NIC ${mac} (VM Network) is ens3 by position (the replica's files name no MAC); NIC ${otherMac} (VM Network) matches no configured NIC of the replica: left unconfigured (configure it after boot)`,
    `fstab: changed - mounted by UUID now: LABEL=ferry-root -> UUID=${debian.rootUuid} (/)`,
    expect.stringMatching(/^bootloader: unchanged - /),
    `nic-naming: changed - NIC names pinned by MAC: ${mac} -> ens3`,
    'network-files: changed - ifupdown: wrote /etc/network/interfaces',
    'initramfs: changed - initramfs rebuilt with update-initramfs for the vmware target (vmw_pvscsi, vmxnet3, mptspi, ahci)',
    expect.stringMatching(/^stage2: changed - /),
  ]);

  // The replica itself, on the cloud datastore: fixed up in place, boot sector as copied.
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
  const flat = cloudFile(env, target!.disks[0]!).replace(/\.vmdk$/, '-flat.vmdk');
  expect((await firstMiB(flat)).equals(await firstMiB(debian.image))).toBe(true);
  const files = await readReplica(flat, debian.partitionOffset, ['etc/fstab', 'etc/systemd/network/10-ferry-ens3.link', 'etc/network/interfaces', 'var/lib/ferry/fixup/result.json']);
  expect(files['etc/fstab']).toContain(`UUID=${debian.rootUuid} / ext4 errors=remount-ro 0 1`);
  expect(files['etc/fstab']).not.toContain('LABEL=ferry-root');
  expect(files['etc/systemd/network/10-ferry-ens3.link']).toContain(`[Match]\nMACAddress=${mac}\n\n[Link]\nName=ens3\n`);
  expect(files['etc/network/interfaces']).toContain('iface ens3 inet static\n\taddress 10.0.2.15/24');
  expect(JSON.parse(files['var/lib/ferry/fixup/result.json'] ?? '{}')).toMatchObject({ ok: true, changed: true, distro: { id: 'debian' } });
});

it('disks of random data: the fixup step is recorded as skipped, naming the disks, and the disks stay equal to the source', async () => {
  const vm = await makeSourceVm(env, smallVm('cold-no-root'));
  const id = await startMigration(env, vm, 'e2e-no-root');
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed']);
  await expectCompleted(env, id);
  const steps = await fixupSteps(env, id);
  expect(steps).toHaveLength(1);
  expect(steps[0]).toMatch(/^find-root: skipped - no Linux root file system on disk-\d+-flat\.vmdk \(.*\); disk-\d+-flat\.vmdk \(.*\); fixup skipped, the replica was not changed$/);
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
  for (const [i, source] of vm.diskFiles.entries()) expect((await qemuCompare(source, cloudFile(env, target!.disks[i]!))).identical).toBe(true);
});

it('guest-prep down: the fixup step fails naming guest-prep and the fix; once it is back, a retry fixes up and completes', async () => {
  await env.guestPrep.stop();
  let down = true;
  try {
    const vm = await makeSourceVm(env, smallVm('cold-no-guest-prep'));
    const id = await startMigration(env, vm, 'e2e-no-guest-prep');
    await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed']);
    const failed = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
    expect(mig.Phase[failed.phase]).toBe('PHASE_FAILED');
    expect(failed.failureReason).toMatch(/^guest-prep is not running: nothing took the fixup of migration .* \(ferry\.cmd\.guest-prep\.fixup-disks, fixup .*-fixup-1\); start the guest-prep service on this NATS .*, then retry the migration$/);
    await env.guestPrep.restart();
    down = false;
    await env.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId: id });
    await waitForEvent(env, id, ['MigrationCompleted']);
    expect((await eventTypes(env, id)).filter((t) => !t.startsWith('DiskCopy'))).toEqual([
      'MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'TargetCreated', 'MigrationFailed', 'MigrationRetried', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted',
    ]);
    expect(await fixupSteps(env, id)).toEqual([expect.stringMatching(/^find-root: skipped - /)]);
  } finally {
    if (down) await env.guestPrep.restart().catch(() => undefined);
  }
});
