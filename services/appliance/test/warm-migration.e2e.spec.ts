// Warm migration end to end through the integrator API: real services, nats-server, two vcsims, the
// cloud host runner booting the target over iSCSI from cloud-cache with qemu, and the Debian guest.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore, verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { natsRequest, unaryCall } from '@ferry/service-kit';
import { bootableDebianImage, CLOUD_HOST_INITIATOR, extractDebianTree, type CloudHostRunner, type PrometheusHandle } from '@ferry/testing';
import { checkMigrateBack, type CompletedWarm } from './migrate-back-checks';
import { emptyPanels, panelQueryCount, prometheusFor } from './dashboard-checks';
import { powerState } from '@ferry/vsphere';
import type { ColdMigrationEnv, TransferStatus } from './cold-migration-env';
import { cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { makeSourceVm } from './source-vms';
import { asRunningGuest, checkMovedDisk, getMigration, startWarm, startWarmSite, type WarmSite } from './warm-migration-support';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(25 * 60_000);

const MiB = 2 ** 20;
let site: WarmSite;
let env: ColdMigrationEnv;
let runner: CloudHostRunner;
let nc: NatsConnection;
/** The warm migration the first test completed, for the migrate back after it. */
let completedWarm: CompletedWarm | undefined;
/** Prometheus scraping the site throughout, for the dashboards' panels; when the VM ran over the cache. */
let prometheus: PrometheusHandle;
let overCacheAt: number | undefined;

beforeAll(async () => {
  site = await startWarmSite();
  ({ env, runner, nc } = site);
  prometheus = await prometheusFor(env);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await site?.stop();
});

/** The on-demand bytes GetMigration shows, once they are above 0. */
async function fetchedOnDemand(migrationId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bytes = Number((await getMigration(env, migrationId)).warm?.bytesFetchedOnDemand ?? 0);
    if (bytes > 0 || Date.now() > deadline) return bytes;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('warm migration through the API', () => {
  it('boots the Debian VM in the cloud over the cache before hydration ends, moves it to cloud storage with what it wrote, and releases the cache', async () => {
    const { image } = await bootableDebianImage();
    const root = await extractDebianTree(join(env.dir, 'warm-guest-root'));
    const vm = await makeSourceVm(env, { name: 'warm-deb', diskMiB: [2048], cpus: 1, coresPerSocket: 1, memoryMB: 768, firmware: 'bios', bootImage: image });
    await asRunningGuest(env, vm, 'Debian GNU/Linux 12 (64-bit)', root);
    // A cap that keeps hydration going through the boot; lifted once the guest is up. At 2 MiB/s the
    // image's ~690 MiB (zstd ratio ~3.5 on the wire) hydrated in 97 s, once before a TCG boot on a busy CI
    // machine reached its marker; 1 MiB/s leaves twice that.
    const { planId, migrationId } = await startWarm(env, vm, 'warm-deb', undefined, { maxDiskBytesPerSecond: 1 * MiB });

    await waitForEvent(env, migrationId, ['BootedOverCache', 'MigrationFailed'], 10 * 60_000);
    const booting = await getMigration(env, migrationId);
    expect({ phase: mig.Phase[booting.phase], reason: booting.failureReason }).toMatchObject({ reason: '' });
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOff');
    // The VM runs in the cloud now: a cancel would lose what it writes there.
    await expect(env.call('CancelMigration', { migrationId, reason: 'changed my mind' })).rejects.toThrow(/MigrateBack/);

    const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${migrationId}`));
    expect(target).toMatchObject({ name: 'warm-deb', disks: [] });
    const up = await runner.waitForMarker('warm-deb', 10 * 60_000);
    const beforeMarker = await eventTypes(env, migrationId);
    expect(beforeMarker).not.toContain('HydrationCompleted');
    process.stdout.write(`warm boot: marker ${(up.markerReachedAt!.getTime() - up.startedAt.getTime()) / 1000} s after the cloud host started the guest\n`);
    // GetMigration shows what the boot fetched on demand (cloud-cache's IO summaries, pushed every second).
    const live = await fetchedOnDemand(migrationId, 30_000);
    expect(live).toBeGreaterThan(0);
    expect(live).toBeLessThan(2048 * MiB);
    // Still hydrating (capped) with the guest up: the moment the data-plane and cache dashboards are about.
    overCacheAt = Date.now();

    await env.call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId, maxDiskBytesPerSecond: 0 });
    await waitForEvent(env, migrationId, ['MigrationCompleted', 'MigrationFailed'], 15 * 60_000);
    const done = await getMigration(env, migrationId);
    if (done.phase !== mig.Phase.PHASE_COMPLETED) process.stderr.write(`${env.appliance.log().split('\n').slice(-60).join('\n')}\n`);
    expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });

    const types = await eventTypes(env, migrationId);
    const order = ['MigrationPlanned', 'MigrationValidated', 'GuestPrepared', 'SourcePoweredOff', 'CacheVolumeCreated', 'TargetCreated', 'TargetPoweredOn', 'BootedOverCache', 'HydrationCompleted', 'MovedToStorage', 'CacheReleased', 'MigrationCompleted'];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    // `ferry events` shows every warm phase with the actor that caused it.
    const cli = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js'), 'events', migrationId], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env.api.cliEnv('viewer') } });
    expect(cli.status).toBe(0);
    for (const type of order) expect(cli.stdout).toMatch(new RegExp(`\\b${type}\\s+(operator|service):\\S+`));
    const stored = await (await JetStreamEventStore.open(nc)).load({ aggregate: 'migration', id: migrationId });
    expect(stored.events.every((e) => e.actor !== '')).toBe(true);
    const moved = mig.MovedToStorage.decode(stored.events.find((e) => e.type === 'MovedToStorage')!.payload);
    // The volume admits only the initiators in CLOUD_HOST_INITIATORS (the site lists the cloud host's): that host booted it.
    const booted = mig.BootedOverCache.decode(stored.events.find((e) => e.type === 'BootedOverCache')!.payload);
    expect(booted.initiators).toEqual([CLOUD_HOST_INITIATOR]);
    const completed = mig.MigrationCompleted.decode(stored.events.find((e) => e.type === 'MigrationCompleted')!.payload);
    expect(Number(completed.downtimeMillis)).toBeGreaterThan(0);
    expect(Number(moved.disks[0]!.bytesFetchedOnDemand)).toBeGreaterThanOrEqual(live);
    expect(Number(done.warm?.bytesFetchedOnDemand)).toBe(Number(moved.disks[0]!.bytesFetchedOnDemand));
    // The lift reached the hydration under way: it ended uncapped.
    const hydration = await unaryCall<object, TransferStatus>(env.shipper, 'GetTransfer', { migrationId, diskId: moved.disks[0]!.diskKey, generation: 1 });
    expect(Number(hydration.maxBytesPerSecond)).toBe(0);
    // guest-prep looked at the moved disk's network files before the VM started from it: as captured at preparation.
    expect(moved.networkSteps.find((step) => step.startsWith('network:'))).toMatch(/^network: unchanged - the network files are as captured at preparation/);
    const movedPath = moved.disks[0]?.datastorePath ?? '';

    // The target now runs from the moved disk on the cloud datastore; the cache volume is gone.
    const after = (await cloudVms(env)).find((v) => v.moref === target!.moref);
    expect(after?.disks).toEqual([movedPath]);
    await expect(natsRequest(nc, 'ferry.cmd.cloud-cache.describe-volume', ferry.cache.v1.DescribeVolumeRequest.create({ iqn: `iqn.2026-12.io.ferry:${migrationId}` }))).rejects.toThrow(/not|no volume/i);

    // The moved disk is the source plus the guest's writes and nothing else, and it boots with them.
    const check = await checkMovedDisk(env, moved.disks[0]!, image);
    process.stdout.write(`warm move: the guest wrote ${check.written} chunks over the cache (${check.spans} ranges); downtime ${completed.downtimeMillis} ms, switchover ${moved.switchoverMillis} ms\n`);
    expect(check).toMatchObject({ spanChunks: check.written, identicalToSourcePlusWrites: true, differsFromSource: true, bootsRecorded: 2 });
    expect(check.written).toBeGreaterThan(0);

    expect((await verifyAudit(nc)).intact).toBe(true);
    completedWarm = { migrationId, vm, image, moved: moved.disks[0]!, targetMoref: target!.moref };
  });

  it('every panel of the Grafana dashboards returns data from Prometheus scraping this site: fleet now, data plane, cloud cache and health while the VM ran over the cache', async () => {
    if (overCacheAt === undefined) throw new Error('the warm migration of the first test never ran over the cache');
    // Let the rules evaluate past the moment (the first test's move and boot check usually took longer already).
    const rulesPast = overCacheAt + 5000 - Date.now();
    if (rulesPast > 0) await new Promise((resolve) => setTimeout(resolve, rulesPast));
    const at = { 'ferry-data-plane': overCacheAt, 'ferry-cloud-cache': overCacheAt, 'ferry-service-health': overCacheAt };
    expect(await emptyPanels(prometheus, at)).toEqual([]);
    process.stdout.write(`dashboards: ${panelQueryCount()} panel queries returned data through Prometheus\n`);
  });

  it('migrates the VM back with what it wrote in the cloud: only the chunks that differ cross, the prem disk equals the cloud disk and boots remembering its cloud boot', async () => {
    if (completedWarm === undefined) throw new Error('the warm migration of the test before did not complete; nothing to migrate back');
    await checkMigrateBack(env, nc, completedWarm);
  });

  it('refuses a guest the warm column of the support matrix does not support, naming the row; a cancel leaves nothing behind', async () => {
    const vm = await makeSourceVm(env, { name: 'warm-win', diskMiB: [8], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'efi' });
    await asRunningGuest(env, vm, 'Microsoft Windows Server 2008 R2 (64-bit)');
    const { migrationId } = await startWarm(env, vm, 'warm-win', 'guest-os-not-supported');
    await waitForEvent(env, migrationId, ['MigrationFailed'], 60_000);
    const failed = await getMigration(env, migrationId);
    expect(failed.failureReason).toMatch(/guest-os-not-supported: Windows 2008 R2 with UEFI boot is not supported for warm-vcs migration .*Fix: /);
    // It never ran in the cloud: nothing to migrate back, a cancel is what undoes it.
    await expect(env.call('MigrateBack', { migrationId })).rejects.toThrow(/has not booted in the cloud yet.*cancel it instead/);
    await env.call('CancelMigration', { migrationId, reason: 'not for warm' });
    await waitForEvent(env, migrationId, ['CompensationCompleted', 'MigrationCancelled'], 60_000);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');
    expect((await cloudVms(env)).some((v) => v.annotation.endsWith(migrationId))).toBe(false);
  });

  it('refuses a VM without VMware Tools running at validation (guest prep needs Guest Operations), naming the fix', async () => {
    const vm = await makeSourceVm(env, { name: 'warm-notools', diskMiB: [8], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });
    await asRunningGuest(env, vm, 'Debian GNU/Linux 12 (64-bit)');
    const { migrationId } = await startWarm(env, vm, 'warm-notools', 'tools-not-installed');
    await waitForEvent(env, migrationId, ['MigrationFailed'], 60_000);
    expect((await getMigration(env, migrationId)).failureReason).toMatch(/tools-not-installed: VMware Tools is not installed .*Fix: Install VMware Tools/);
  });
});
