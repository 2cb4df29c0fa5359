// Cold migration of a VM whose disk holds a real Debian bookworm system (the cached bootable image):
// after the copy and before the target's first boot, the appliance has guest-prep fix the replica up
// on the cloud datastore. The flat extent is checked after completion, mounted read-only.
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ferry } from '@ferry/proto';
import { bootableDebianImage, qemuCompare, type BootableDebianImage } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { cloudFile, cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { makeSourceVm, type SourceVm, type SourceVmSpec } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

const run = promisify(execFile);
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
async function readReplica(flat: string, offset: number, paths: readonly string[]): Promise<Record<string, string | undefined>> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-e2e-replica-'));
  await run('mount', ['-o', `ro,noload,loop,offset=${offset}`, flat, dir]);
  try {
    const out: Record<string, string | undefined> = {};
    for (const p of paths) out[p] = await readFile(join(dir, p), 'utf8').catch(() => undefined);
    return out;
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

async function startMigration(vm: SourceVm, requestId: string): Promise<string> {
  for (let listed = false, tries = 0; !listed; tries++) {
    const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
    listed = (found?.disks ?? []).length === vm.spec.diskMiB.length;
    if (tries > 150) throw new Error(`the inventory did not show ${vm.moref} with its disks`);
    if (!listed) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId, name: requestId, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  });
  const [id] = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds;
  return id!;
}

async function expectCompleted(migrationId: string): Promise<void> {
  const m = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });
  expect({ phase: mig.Phase[m.phase], reason: m.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
}

async function fixupSteps(migrationId: string): Promise<string[]> {
  const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  return mig.FixupCompleted.decode(events.find((e) => e.typeName === 'FixupCompleted')!.payload!).steps;
}

const smallVm = (name: string): SourceVmSpec => ({ name, diskMiB: [16, 8], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });

it('migrates a Debian VM: guest-prep fixes the replica up before its first boot (fstab by UUID, NIC name pinned to the source MAC, result document)', async () => {
  const vm = await makeSourceVm(env, {
    name: 'cold-debian', diskMiB: [(await stat(debian.image)).size / MiB], cpus: 1, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios', bootImage: debian.image,
  });
  const id = await startMigration(vm, 'e2e-debian-fixup');
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 240_000);
  await expectCompleted(id);

  // The fixup's steps as the migration recorded them, from guest-prep's reply.
  const [mac, otherMac] = vm.macs;
  expect(await fixupSteps(id)).toEqual([
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
  const id = await startMigration(vm, 'e2e-no-root');
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed']);
  await expectCompleted(id);
  const steps = await fixupSteps(id);
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
    const id = await startMigration(vm, 'e2e-no-guest-prep');
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
    expect(await fixupSteps(id)).toEqual([expect.stringMatching(/^find-root: skipped - /)]);
  } finally {
    if (down) await env.guestPrep.restart().catch(() => undefined);
  }
});

it('guest-prep killed -9 mid-fixup: the step fails retryable in seconds, not at FIXUP_TIMEOUT_MS; the restarted guest-prep releases the mounts the killed run left, and a retry fixes up and completes', async () => {
  const vm = await makeSourceVm(env, {
    name: 'cold-debian-crash', diskMiB: [(await stat(debian.image)).size / MiB], cpus: 1, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios', bootImage: debian.image,
  });
  const id = await startMigration(vm, 'e2e-fixup-crash');
  // The kill follows the first fixup's FixupStarted: guest-prep has mounted the replica and bound the chroot by then.
  const watcher = await env.nats.connect();
  let killedAt = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error(`fixup ${id}-fixup-1 did not start within 240 s`)), 240_000).unref();
      watcher.subscribe(`ferry.evt.fixup.${id}-fixup-1`, {
        callback: (_error, message) => {
          if (killedAt || !ferry.eventstore.v1.EventBatch.decode(message.data).events.some((e) => e.type === 'FixupStarted')) return;
          killedAt = Date.now();
          env.guestPrep.kill9().then(() => env.guestPrep.restart()).then(resolve, reject);
        },
      });
    });
  } finally {
    await watcher.close();
  }
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 120_000);
  const failed = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
  expect(mig.Phase[failed.phase]).toBe('PHASE_FAILED');
  // The appliance saw no replica holding the run and sent it again: the restarted guest-prep refused the run its
  // predecessor left unfinished (or, had the second send come before it was up, nothing took it).
  expect(failed.failureReason).toMatch(/-fixup-1 has \d+ event\(s\) but no end, and no guest-prep replica runs it: it was interrupted|guest-prep is not running/);
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  await env.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId: id });
  await waitForEvent(env, id, ['MigrationCompleted'], 240_000);
  await expectCompleted(id);
  const steps = await fixupSteps(id);
  expect(steps[0]).toMatch(new RegExp(`^find-root: unchanged - Linux root ext4 UUID=${debian.rootUuid} on disk-\\d+-flat\\.vmdk partition 1$`));
  expect(steps.at(-1)).toMatch(/^stage2: (changed|unchanged) - /);
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
  const flat = cloudFile(env, target!.disks[0]!).replace(/\.vmdk$/, '-flat.vmdk');
  const files = await readReplica(flat, debian.partitionOffset, ['etc/fstab', 'var/lib/ferry/fixup/result.json']);
  expect(files['etc/fstab']).toContain(`UUID=${debian.rootUuid} / ext4 errors=remount-ro 0 1`);
  expect(JSON.parse(files['var/lib/ferry/fixup/result.json'] ?? '{}')).toMatchObject({ ok: true, distro: { id: 'debian' } });
});
