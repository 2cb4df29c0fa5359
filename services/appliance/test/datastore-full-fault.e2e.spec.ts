// A cloud datastore too small for the disk (issue #21, item 2): a visible wait, then a retryable
// failure, never a silent hang. The site runs as real processes (startColdMigrationEnv); the cloud
// datastore's folder is a real 64 MiB tmpfs (the tests run as root) and the VM's disk holds 96 MiB of
// random data. Checked: GetMigration says why the copy waits, naming the datastore, within seconds of
// the datastore filling up, and `ferry watch` prints it; the appliance honours SIGTERM while the copy
// waits; after NO_SPACE_WAIT_MS the copy step fails retryable with the datastore, the MiB to free and
// `ferry retry`; with room made (tmpfs grown to 512 MiB) RetryMigration completes with an identical
// replica and the audit chain intact.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { qemuCompare } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv, type TransferStatus } from './cold-migration-env';
import { cloudFile, cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { faultVerdict, recordVerdict } from './fault-migrations';
import { makeSourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const run = promisify(execFile);
const MiB = 2 ** 20;
/** Short in the test; 5 minutes by default. */
const NO_SPACE_WAIT_MS = 6000;
const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let env: ColdMigrationEnv | undefined;
/** The cloud datastore's folder, with a tmpfs mounted over it while `mounted`. */
let datastoreDir = '';
let mounted = false;
let watcher: ChildProcess | undefined;

beforeAll(async () => {
  env = await startColdMigrationEnv({ NO_SPACE_WAIT_MS: String(NO_SPACE_WAIT_MS) });
  datastoreDir = env.pair.cloud.datastores[0]!.path;
  await run('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'ferry-full-ds', datastoreDir]);
  mounted = true;
}, 180_000);

afterAll(async () => {
  watcher?.kill('SIGKILL');
  // Unmounted before the site removes its folders: lazily if a process still holds a file in it.
  if (mounted) await run('umount', [datastoreDir]).catch(() => run('umount', ['-l', datastoreDir]));
  await env?.stop();
});

const getMigration = (migrationId: string): Promise<api.Migration> => env!.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** The migration's events of one type, decoded. */
async function events<T>(migrationId: string, type: string, decode: (payload: Uint8Array) => T): Promise<T[]> {
  const { events: all } = await env!.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  return all.filter((e) => e.typeName === type).map((e) => decode(e.payload!));
}

/** `ferry watch <id>` as an operator runs it (human output, not a terminal: one line per update). */
function ferryWatch(migrationId: string): { output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'watch', migrationId], { env: { ...process.env, ...env!.api.cliEnv('viewer') } });
  watcher = child;
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { output: () => out, exited: new Promise((resolve) => child.on('close', resolve)) };
}

it('a full cloud datastore: the copy waits visibly, the step fails retryable naming the datastore and the fix; with room made, ferry retry completes with an identical replica', async () => {
  const e = env!;
  const cloudDs = e.pair.cloud.datastores[0]!.name;
  const premDs = e.pair.prem.datastores[0]!.name;
  // 128 MiB disk, 96 MiB of it random data (incompressible, and every chunk is data): 64 MiB cannot hold it.
  const vm = await makeSourceVm(e, { name: 'full-ds', diskMiB: [128], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios', layout: () => [{ offset: 0, length: 96 * MiB, kind: 'random' }] });
  const seenUntil = Date.now() + 30_000;
  while (((await e.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined))?.disks ?? []).length !== 1) {
    if (Date.now() > seenUntil) throw new Error(`the inventory did not show ${vm.moref} with its disk`);
    await sleep(200);
  }
  const plan = await e.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId: 'e2e-full-ds', name: 'e2e-full-ds', concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: premDs, targetDatastore: cloudDs }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  });
  const [id] = (await e.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds;
  const migrationId = id!;
  const watch = ferryWatch(migrationId);

  // 1. The datastore fills up; GetMigration says why the copy waits, naming the datastore, within seconds.
  await waitForEvent(e, migrationId, ['DiskCopyStarted']);
  let fullAt: number | undefined;
  let waiting: api.Migration | undefined;
  const waitUntil = Date.now() + 60_000;
  while (waiting === undefined && Date.now() < waitUntil) {
    if (fullAt === undefined && (await freeBytes(datastoreDir)) < MiB) fullAt = Date.now();
    const m = await getMigration(migrationId);
    expect(mig.Phase[m.phase]).not.toBe('PHASE_FAILED');
    if (m.disks[0]?.waitingReason) waiting = m;
    else await sleep(100);
  }
  const seenAt = Date.now();
  const reason = waiting?.disks[0]?.waitingReason ?? '';
  process.stdout.write(`datastore full → waiting reason in GetMigration after ${fullAt === undefined ? '?' : seenAt - fullAt} ms: ${reason}\n`);
  expect(waiting?.phase).toBe(mig.Phase.PHASE_COPYING_DISKS);
  expect(reason).toMatch(new RegExp(`^no space on cloud datastore ${cloudDs} for disk \\S+: about \\d+ MiB more needed \\(no space on datastore ${cloudDs} \\(.*, ENOSPC\\).*\\); the copy goes on by itself once there is room, or fails after 6 s of waiting$`));
  expect(fullAt).toBeDefined();
  expect(seenAt - fullAt!).toBeLessThan(5000);
  // prem-manager keeps the transfer running, waiting, with the same reason.
  const diskKey = waiting!.disks[0]!.diskKey;
  const transfer: TransferStatus = await unaryCall(e.shipper, 'GetTransfer', { migrationId, diskId: diskKey, generation: 1 });
  expect(transfer.state).toBe(ferry.dataplane.v1.TransferState.TRANSFER_STATE_RUNNING);
  expect(transfer.waitingReason).toContain(`no space on datastore ${cloudDs}`);
  expect(Number(transfer.spaceNeededBytes)).toBeGreaterThanOrEqual(MiB);

  // 2. `ferry watch` prints it.
  const printedUntil = Date.now() + 10_000;
  while (!watch.output().includes('WAITING: no space on cloud datastore') && Date.now() < printedUntil) await sleep(100);
  expect(watch.output()).toContain(`WAITING: no space on cloud datastore ${cloudDs}`);
  watcher?.kill('SIGTERM');
  await watch.exited;

  // 3. SIGTERM while the copy waits: the appliance stops at once (exit 0), and carries on after a restart.
  const stopping = Date.now();
  const code = await e.appliance.stop();
  const stopMs = Date.now() - stopping;
  process.stdout.write(`appliance stopped ${stopMs} ms after SIGTERM while the copy waited (exit ${code})\n`);
  // Without the stop reaching the copy's poll loop, the shutdown waited for the copy (here until it gave up).
  expect({ code, quick: stopMs < 3000 }).toEqual({ code: 0, quick: true });
  expect(e.appliance.log()).not.toContain('shutdown took longer');
  await e.appliance.restart();

  // 4. Still no room after NO_SPACE_WAIT_MS (counted from the recorded start of the wait): the copy step fails, retryable, saying what to do.
  await waitForEvent(e, migrationId, ['MigrationFailed', 'MigrationCompleted'], 60_000);
  const failed = await getMigration(migrationId);
  process.stdout.write(`failed: ${failed.failureReason}\n`);
  expect({ phase: mig.Phase[failed.phase], retryable: failed.retryable }).toEqual({ phase: 'PHASE_FAILED', retryable: true });
  expect(failed.failureReason).toMatch(new RegExp(`^no space on cloud datastore ${cloudDs} for disk ${diskKey} \\(\\[${premDs}\\] .*\\): the copy waited \\d+ s for room, about (\\d+) MiB more is needed .*\\. Free \\1 MiB on datastore ${cloudDs} or map another datastore, then ferry retry ${migrationId}$`));
  expect(failed.disks[0]?.waitingReason).toBe('');
  const waits = await events(migrationId, 'DiskCopyWaiting', (p) => mig.DiskCopyWaiting.decode(p));
  // Recorded when the wait began (and once more by the restarted appliance when its figures moved), not at every poll.
  expect(waits.length).toBeGreaterThanOrEqual(1);
  expect(waits.length).toBeLessThanOrEqual(3);
  const [firstWait] = waits;
  const [failure] = await events(migrationId, 'MigrationFailed', (p) => mig.MigrationFailed.decode(p));
  expect(failure?.step).toBe(mig.Step.STEP_COPY_DISKS);
  const waitedMs = Number(failure?.meta?.at?.unixMillis) - Number(firstWait?.meta?.at?.unixMillis);
  process.stdout.write(`the copy waited ${waitedMs} ms before the step failed (NO_SPACE_WAIT_MS ${NO_SPACE_WAIT_MS})\n`);
  expect(waitedMs).toBeGreaterThanOrEqual(NO_SPACE_WAIT_MS);
  expect(waitedMs).toBeLessThan(NO_SPACE_WAIT_MS + 20_000);
  // The appliance stopped the transfer: nothing retries against the full datastore while the migration is failed.
  const stopped: TransferStatus = await unaryCall(e.shipper, 'GetTransfer', { migrationId, diskId: diskKey, generation: 1 });
  expect({ state: ferry.dataplane.v1.TransferState[stopped.state], waitingReason: stopped.waitingReason }).toEqual({ state: 'TRANSFER_STATE_CANCELLED', waitingReason: '' });

  // 5. Room made; ferry retry resumes the copy where the receiver's verified map says, and the migration completes.
  await run('mount', ['-o', 'remount,size=512m', datastoreDir]);
  const roomMadeAt = Date.now();
  await e.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId });
  await waitForEvent(e, migrationId, ['MigrationCompleted'], 120_000);
  const recoveryMs = Date.now() - roomMadeAt;
  const done = await getMigration(migrationId);
  expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
  const target = (await cloudVms(e)).find((v) => v.annotation.endsWith(`ferry-migration-id=${migrationId}`));
  expect(target?.disks).toHaveLength(1);
  const { identical, output } = await qemuCompare(vm.diskFiles[0]!, cloudFile(e, target!.disks[0]!));
  expect({ identical, output }).toEqual({ identical: true, output: expect.any(String) });
  const types = await eventTypes(e, migrationId);
  expect(types.filter((t) => !t.startsWith('DiskCopy'))).toEqual([
    'MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'MigrationFailed', 'MigrationRetried', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted',
  ]);
  const verdict = await faultVerdict(e, migrationId, vm);
  recordVerdict('a full cloud datastore mid-copy (64 MiB tmpfs, 96 MiB of data)', verdict, recoveryMs, true, firstWait?.reason ?? '');
  expect({ intact: verdict.auditIntact, findings: verdict.auditFindings, duplicates: verdict.duplicates }).toEqual({ intact: true, findings: [], duplicates: 0 });
});
