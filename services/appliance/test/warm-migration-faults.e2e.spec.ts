// Warm migration under faults while the VM runs in the cloud over the cache and its disk hydrates:
// kill -9 of the appliance, then cloud-cache (the guest's iSCSI target), then prem-manager (the shipper
// and the demand reads), each coming back on its own ports; then a cloud datastore too small for the
// move (a 64 MiB tmpfs over its folder), grown once the step has failed, and a retry. The migration
// completes, the guest stays up without I/O errors, and the moved disk holds everything it wrote.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore, verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { bootableDebianImage, extractDebianTree, recordFaultRow, type CloudHostRunner, type ServiceHandle } from '@ferry/testing';
import type { ColdMigrationEnv } from './cold-migration-env';
import { eventTypes, waitForEvent } from './cold-migration-checks';
import { commandsStoredTwice } from './fault-migrations';
import { makeSourceVm } from './source-vms';
import { asRunningGuest, checkMovedDisk, getMigration, startWarm, startWarmSite, type WarmSite } from './warm-migration-support';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(30 * 60_000);

const MiB = 2 ** 20;
const VM = 'warm-faults';
const run = promisify(execFile);
let smallDatastore: string | undefined;
let site: WarmSite;
let env: ColdMigrationEnv;
let runner: CloudHostRunner;
let nc: NatsConnection;

beforeAll(async () => {
  site = await startWarmSite();
  ({ env, runner, nc } = site);
  // The cloud datastore starts too small for the 2 GiB disk (the target VM's own files fit).
  smallDatastore = env.pair.cloud.datastores[0]!.path;
  await run('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'ferry-small-ds', smallDatastore]);
}, 180_000);

afterAll(async () => {
  if (smallDatastore) await run('umount', ['-l', smallDatastore]).catch(() => undefined);
  await site?.stop();
});

const hydrated = async (migrationId: string): Promise<number> => Number((await getMigration(env, migrationId).catch(() => undefined))?.warm?.bytesHydrated ?? 0);

/**
 * Waits until the migration reports more hydrated bytes than `than` (the background copy is moving) or
 * has recorded HydrationCompleted (on a loaded machine a slow TCG boot can outlast the capped hydration:
 * the kill then lands at the move, which must recover just the same).
 */
async function hydrationMoves(migrationId: string, than: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await hydrated(migrationId);
    if (now > than) return now;
    if ((await eventTypes(env, migrationId).catch((): string[] => [])).includes('HydrationCompleted')) return now;
    if (Date.now() > deadline) throw new Error(`hydration of ${migrationId} stayed at ${than} bytes for ${timeoutMs / 1000} s; appliance log tail:\n${env.appliance.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The guest is the same boot, still running, and its console shows no I/O error. */
function guestIntact(pid: number | undefined): { state: string; pid: number | undefined; ioErrors: string[] } {
  const guest = runner.guest(VM)!;
  const ioErrors = guest.consoleTail.split('\n').filter((line) => /I\/O error|EXT4-fs error|Buffer I\/O|blk_update_request/.test(line));
  return { state: guest.state, pid: guest.pid === pid ? pid : guest.pid, ioErrors };
}

describe('warm migration with faults during hydration and the move', () => {
  it('completes after the appliance, cloud-cache and prem-manager are each killed and a full cloud datastore is grown; the guest keeps running and keeps what it wrote', async () => {
    const { image } = await bootableDebianImage();
    const root = await extractDebianTree(join(env.dir, 'faults-guest-root'));
    const vm = await makeSourceVm(env, { name: VM, diskMiB: [2048], cpus: 1, coresPerSocket: 1, memoryMB: 768, firmware: 'bios', bootImage: image });
    await asRunningGuest(env, vm, 'Debian GNU/Linux 12 (64-bit)', root);
    // Slow hydration, so every kill lands while the disk still streams: the image's ~690 MiB take over 11 min
    // at 1 MiB/s, longer than a TCG boot on a loaded machine (at 2 MiB/s a slow boot once outlasted hydration).
    const { planId, migrationId } = await startWarm(env, vm, VM, undefined, { maxDiskBytesPerSecond: 1 * MiB });
    await waitForEvent(env, migrationId, ['BootedOverCache', 'MigrationFailed'], 10 * 60_000);
    const up = await runner.waitForMarker(VM, 10 * 60_000);
    const pid = up.pid;

    let level = await hydrationMoves(migrationId, 0, 120_000);
    const victims: Array<[string, ServiceHandle]> = [['appliance', env.appliance], ['cloud-cache', env.cache], ['prem-manager', env.prem]];
    for (const [name, service] of victims) {
      await service.kill9();
      await service.restart();
      level = await hydrationMoves(migrationId, level, 180_000);
      process.stdout.write(`warm faults: hydration moves again after kill -9 of ${name} (${(level / MiB).toFixed(0)} MiB hydrated)\n`);
      expect({ after: name, ...guestIntact(pid) }).toEqual({ after: name, state: 'running', pid, ioErrors: [] });
      // Nothing failed, unless hydration already ended and the move found the small datastore (checked below).
      expect((await getMigration(env, migrationId)).failureReason).toMatch(/^$|^cloud datastore "LocalDS_0" has 0\.\d GiB free but the move needs/);
    }

    await env.call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId, maxDiskBytesPerSecond: 0 });
    // Hydrated, but the cloud datastore has no room for the move: the step fails before the VM stops.
    await waitForEvent(env, migrationId, ['MigrationFailed', 'MigrationCompleted'], 15 * 60_000);
    const full = await getMigration(env, migrationId);
    expect({ phase: mig.Phase[full.phase], retryable: full.retryable }).toEqual({ phase: 'PHASE_FAILED', retryable: true });
    expect(full.failureReason).toMatch(/cloud datastore "LocalDS_0" has 0\.\d GiB free but the move needs 2\.0 GiB .*keeps running over the cache: free space on "LocalDS_0".*then retry/);
    expect(guestIntact(pid)).toEqual({ state: 'running', pid, ioErrors: [] });
    // The operator grows the datastore and retries: the migration resumes at the move.
    await run('mount', ['-o', 'remount,size=8g', smallDatastore!]);
    const roomMadeAt = Date.now();
    await env.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId });
    await waitForEvent(env, migrationId, ['MigrationCompleted'], 15 * 60_000).catch(() => undefined);
    const recoveryMs = Date.now() - roomMadeAt;
    const done = await getMigration(env, migrationId);
    if (done.phase !== mig.Phase.PHASE_COMPLETED) process.stderr.write(`${env.appliance.log().split('\n').slice(-60).join('\n')}\n`);
    expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
    // The boot over the cache ran to the switchover without an I/O error.
    expect(runner.guests().filter((g) => g.vmName === VM).every((g) => !/I\/O error|EXT4-fs error/.test(g.consoleTail))).toBe(true);

    const stored = await (await JetStreamEventStore.open(nc)).load({ aggregate: 'migration', id: migrationId });
    const moved = mig.MovedToStorage.decode(stored.events.find((e) => e.type === 'MovedToStorage')!.payload);
    const check = await checkMovedDisk(env, moved.disks[0]!, image);
    expect(check).toMatchObject({ spanChunks: check.written, identicalToSourcePlusWrites: true, differsFromSource: true, bootsRecorded: 2 });
    const audit = await verifyAudit(nc);
    recordFaultRow({
      fault: 'warm: kill -9 of the appliance, cloud-cache, prem-manager during hydration, then a full cloud datastore at the move',
      outcome: 'completed-after-retry', identical: check.identicalToSourcePlusWrites, auditIntact: audit.intact, duplicates: commandsStoredTwice(stored.events),
      recoveryMs, seen: full.failureReason,
    });
    expect({ intact: audit.intact, duplicates: commandsStoredTwice(stored.events) }).toEqual({ intact: true, duplicates: 0 });
  });
});
