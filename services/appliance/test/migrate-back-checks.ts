// Migrate back end to end after a warm migration completed: `ferry migrate-back` and `ferry watch`
// through the CLI, then the prem disk against the cloud disk, the chunks that crossed against the
// chunks that differ, the prem VM's boot, the events and the refusal of a second migrate back; then
// `ferry migration purge-cloud` removes the cloud VM and its disk.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { bootQemuUntilMarker, differingChunks, qemuCompare, qemuImg } from '@ferry/testing';
import { powerState } from '@ferry/vsphere';
import { cloudFile, cloudVms, eventTypes } from './cold-migration-checks';
import type { ColdMigrationEnv, TransferStatus } from './cold-migration-env';
import type { SourceVm } from './source-vms';
import { getMigration } from './warm-migration-support';
import mig = ferry.migration.v1;

const MiB = 2 ** 20;
const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');

/** A warm migration that completed: its id, the prem VM and its raw boot image, the moved disk, the cloud VM. */
export interface CompletedWarm {
  readonly migrationId: string;
  readonly vm: SourceVm;
  readonly image: string;
  readonly moved: mig.IMovedDisk;
  readonly targetMoref: string;
}

function ferryCli(env: ColdMigrationEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, ...env.api.cliEnv('operator') } });
}

export async function checkMigrateBack(env: ColdMigrationEnv, nc: NatsConnection, warm: CompletedWarm): Promise<void> {
  const { migrationId, vm } = warm;
  const premVmdk = vm.diskFiles[0]!;
  const premFlat = premVmdk.replace(/\.vmdk$/, '-flat.vmdk');
  const cloudRaw = join(env.dir, 'cloud-disk-before-back.raw');
  const premCopy = join(env.dir, 'prem-disk-after-back.raw');
  try {
    // The oracle: the chunks in which the cloud disk differs from the prem disk now (the prem disk is the source as it was powered off).
    await qemuImg('convert', '-O', 'raw', cloudFile(env, warm.moved.datastorePath ?? ''), cloudRaw);
    const differing = await differingChunks(premFlat, cloudRaw, MiB);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.length).toBeLessThanOrEqual(Number(warm.moved.chunksWrittenInCloud));

    const started = ferryCli(env, 'migrate-back', migrationId, '--reason', 'e2e: return with the cloud writes');
    expect({ status: started.status, stderr: started.stderr }).toEqual({ status: 0, stderr: '' });
    expect(started.stdout).toMatch(new RegExp(`migrating back migration ${migrationId} .*: migrating_back`));
    const watched = ferryCli(env, 'watch', migrationId);
    if (watched.status !== 0) process.stderr.write(`${watched.stdout}\n${watched.stderr}\n${env.appliance.log().split('\n').slice(-40).join('\n')}\n`);
    expect(watched.status).toBe(0);
    expect(watched.stdout).toMatch(/cloud_target_powered_off/);
    expect(watched.stdout).toMatch(new RegExp(`back: ${differing.length} of \\d+ chunks differed and were shipped`));

    const done = await getMigration(env, migrationId);
    expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_MIGRATED_BACK', reason: '' });
    // Exactly the chunks that differ crossed the wire, as prem-manager counted them.
    expect(Number(done.back?.chunksShipped)).toBe(differing.length);
    // The prem guest on the shipped disk already had the network files captured at preparation: guest-prep changed nothing.
    expect(done.back?.restoreSteps).toEqual([
      expect.stringMatching(/^find-root: unchanged - Linux root on \S+ looked at read-only$/),
      expect.stringMatching(/^network: unchanged - the network files are as captured at preparation \(4 file\(s\)\)$/),
      'undo-prep: skipped - not asked',
    ]);
    const transfer = await unaryCall<object, TransferStatus>(env.shipper, 'GetTransfer', { migrationId, diskId: warm.moved.diskKey, generation: 2 });
    expect(Number(transfer.chunksSent)).toBe(differing.length);
    process.stdout.write(`migrate back: ${differing.length} of ${Number(transfer.chunksTotal)} chunks differed and were shipped (${Number(transfer.wireBytes)} wire bytes); downtime ${Number(done.back?.downtimeMillis)} ms\n`);

    // The prem disk now equals the cloud disk; the prem VM is on, the cloud VM kept, off, with its disk.
    expect((await qemuCompare(premVmdk, cloudRaw, { a: 'vmdk', b: 'raw' })).identical).toBe(true);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');
    expect(await powerState(env.cloudVc, { type: 'VirtualMachine', value: warm.targetMoref })).toBe('poweredOff');
    expect((await cloudVms(env)).find((v) => v.moref === warm.targetMoref)?.disks).toEqual([warm.moved.datastorePath]);

    // The prem VM boots with what it wrote in the cloud: its boot there is remembered (a copy boots; the disk stays as shipped).
    await qemuImg('convert', '-O', 'raw', premVmdk, premCopy);
    const boot = await bootQemuUntilMarker({ disk: premCopy, until: 'FERRY-BOOT-END', memoryMiB: 768, timeoutMs: 10 * 60_000 });
    expect(/FERRY-BOOTS (\d+)/.exec(boot.console)?.[1]).toBe('2');

    // MigratedBack names the digest both sides agreed on, per disk.
    const { events: recorded } = await env.call<ferry.api.v1.IListMigrationEventsRequest, ferry.api.v1.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    const migratedBack = mig.MigratedBack.decode(recorded.find((e) => e.typeName === 'MigratedBack')?.payload ?? new Uint8Array());
    expect(migratedBack.diskDigests).toEqual([`${warm.moved.diskKey}:${done.back?.diskDigests?.[0] ?? ''}`]);
    const types = await eventTypes(env, migrationId);
    const back = ['MigrateBackRequested', 'CloudTargetPoweredOff', 'ShippedBack', 'PremGuestRestored', 'MigratedBack'];
    expect(types.filter((t) => back.includes(t))).toEqual(back);
    const events = ferryCli(env, 'events', migrationId);
    expect(events.status).toBe(0);
    expect(events.stdout).toMatch(/\bMigrateBackRequested\s+operator:\S+/);
    for (const type of back.slice(1)) expect(events.stdout).toMatch(new RegExp(`\\b${type}\\s+service:appliance`));

    await expect(env.call('MigrateBack', { migrationId })).rejects.toThrow(/already migrated back/);

    // The cloud VM and its disk, kept powered off, go on request; a second purge is refused.
    const purged = ferryCli(env, 'migration', 'purge-cloud', migrationId, '--reason', 'e2e: the prem VM is back for good');
    expect({ status: purged.status, stderr: purged.stderr }).toEqual({ status: 0, stderr: '' });
    expect(purged.stdout).toContain(`cloud VM of migration ${migrationId} purged: target ${warm.targetMoref} removed`);
    expect((await cloudVms(env)).find((v) => v.moref === warm.targetMoref)).toBeUndefined();
    expect(existsSync(cloudFile(env, warm.moved.datastorePath ?? ''))).toBe(false);
    await expect(env.call('PurgeCloud', { migrationId })).rejects.toThrow(/already purged/);
    const after = await eventTypes(env, migrationId);
    expect(after.slice(-2)).toEqual(['CloudPurgeRequested', 'CloudPurged']);
    expect((await verifyAudit(nc)).intact).toBe(true);
  } finally {
    await Promise.all([rm(cloudRaw, { force: true }), rm(premCopy, { force: true })]);
  }
}
