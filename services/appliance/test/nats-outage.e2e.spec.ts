// kill -9 of nats-server in the middle of a cold migration's copy, for longer than the appliance's step
// retries, then a restart on the same port and store: the appliance re-drives the migration when its
// connection comes back (no appliance restart, no operator retry) and it completes with an identical
// replica, an intact audit chain and no event stored twice.
import { connect } from 'nats';
import { JetStreamEventStore, verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { qemuCompare } from '@ferry/testing';
import { unaryCall } from '@ferry/service-kit';
import { startColdMigrationEnv, type ColdMigrationEnv, type TransferStatus } from './cold-migration-env';
import { cloudFile, cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { makeSourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const MiB = 2 ** 20;
/** Longer than the step retries below (one re-run after 300 ms) and than any in-flight NATS request timeout. */
const OUTAGE_MS = 10_000;

let env: ColdMigrationEnv;

beforeAll(async () => {
  // The periodic re-drive is left at an hour: the migration must go on because the connection came back.
  env = await startColdMigrationEnv({ STEP_RETRIES: '1', STEP_RETRY_BACKOFF_MS: '300', REDRIVE_INTERVAL_MS: '3600000' });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function transfer(migrationId: string, diskId: string): Promise<TransferStatus> {
  return unaryCall(env.shipper, 'GetTransfer', { migrationId, diskId, generation: 1 });
}

async function startMigration(name: string): Promise<{ id: string; vm: Awaited<ReturnType<typeof makeSourceVm>> }> {
  const vm = await makeSourceVm(env, { name, diskMiB: [128, 16], cpus: 2, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios' });
  for (const deadline = Date.now() + 30_000; ; ) {
    const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
    if ((found?.disks ?? []).length === 2) break;
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref} with its 2 disks`);
    await sleep(200);
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId: name, name, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    // About 45 MiB of the big disk goes on the wire: at 4 MiB/s the copy runs for over 10 s, so the kill lands mid-copy.
    maxDiskBytesPerSecond: 4 * MiB,
  });
  const started = await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
  return { id: started.migrationIds[0]!, vm };
}

/** Completed; re-driven (not failed) after the outage; replica identical; each outcome stored once; audit intact. */
async function expectCompletedOnce(id: string, vm: Awaited<ReturnType<typeof makeSourceVm>>, log: string, duringOutage: string, recovery: 'redrive' | 'redrive-or-buffered', firstEventMs: number): Promise<void> {
  const migration = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
  expect({ phase: mig.Phase[migration.phase], reason: migration.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
  // The step's outcome could not be recorded during the outage: it waited for the re-drive instead of failing.
  // A step that ends within the outage may instead have its record held by the NATS client and published
  // on reconnect (the JetStream ack still within its time): then the outcome is stored after NATS is back,
  // with nothing to re-drive. Either way the migration went on after the outage, not before it.
  const redriven = log.includes(`re-driving migration ${id}`);
  if (recovery === 'redrive' || !redriven) expect({ redriven, storedAfterRestart: firstEventMs >= 0 }).toEqual({ redriven: recovery === 'redrive', storedAfterRestart: true });
  if (redriven) expect(log).toContain('the event store is reachable again');
  expect(log).not.toContain('ended without a recorded outcome');
  expect(duringOutage).not.toContain(`re-driving migration ${id}`);

  // The replica equals the source, disk by disk.
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
  expect(target?.disks).toHaveLength(vm.diskFiles.length);
  for (const [i, source] of vm.diskFiles.entries()) {
    const { identical, output } = await qemuCompare(source, cloudFile(env, target!.disks[i]!));
    expect({ disk: i, identical, output }).toEqual({ disk: i, identical: true, output: expect.any(String) });
  }

  // Each step's outcome once; each command's events in one stored message; the audit chain intact.
  const types = await eventTypes(env, id);
  expect(types.filter((t) => !t.startsWith('DiskCopy'))).toEqual(['MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted']);
  expect(types.filter((t) => t === 'DiskCopyCompleted')).toHaveLength(2);
  const checker = await connect({ servers: env.nats.url });
  try {
    const stored = await (await JetStreamEventStore.open(checker)).load({ aggregate: 'migration', id });
    const messagesOfCommand = new Map<string, Set<number>>();
    for (const e of stored.events) messagesOfCommand.set(e.commandId, (messagesOfCommand.get(e.commandId) ?? new Set()).add(e.sequence));
    expect([...messagesOfCommand].filter(([, sequences]) => sequences.size > 1)).toEqual([]);
    const audit = await verifyAudit(checker);
    expect({ intact: audit.intact, findings: audit.findings }).toEqual({ intact: true, findings: [] });
  } finally {
    await checker.close();
  }
}

/**
 * kill -9 of nats-server for `outageMs` (at once, or as soon as a stored batch of the migration has one
 * of `killAfter`), a restart on the same port and store, and the migration's end. Prints the recovery:
 * the first event stored after nats-server is back (seen on the migration's subject), and the completion.
 */
async function outage(id: string, outageMs: number, moment: string, killAfter: readonly string[] = []): Promise<{ log: string; duringOutage: string; firstEventMs: number }> {
  const watcher = await connect({ servers: env.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  let restartedAt = Number.MAX_SAFE_INTEGER;
  let firstEventMs = -1;
  let stored = '';
  const due = new Promise<void>((resolve) => {
    if (killAfter.length === 0) resolve();
    watcher.subscribe(`ferry.evt.migration.${id}`, {
      callback: (_error, message) => {
        const types = ferry.eventstore.v1.EventBatch.decode(message.data).events.map((e) => e.type ?? '');
        if (Date.now() >= restartedAt && firstEventMs < 0) firstEventMs = Date.now() - restartedAt;
        if (types.some((t) => killAfter.includes(t))) resolve();
        if (restartedAt === Number.MAX_SAFE_INTEGER) stored = types.join(',');
      },
    });
  });
  try {
    const logBefore = env.appliance.log().length;
    await due;
    await env.nats.kill9();
    await sleep(outageMs);
    const duringOutage = env.appliance.log().slice(logBefore);
    restartedAt = Date.now();
    await env.nats.restart();
    await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 90_000);
    const completedMs = Date.now() - restartedAt;
    const log = env.appliance.log().slice(logBefore);
    process.stdout.write(`nats-server kill -9 for ${outageMs / 1000} s ${moment}${stored ? ` (last stored before: ${stored})` : ''}: first event stored ${firstEventMs} ms after nats-server was back, completed ${completedMs} ms after\n` +
      `${log.split('\n').filter((l) => /re-driv|not recorded|not handled|event subscription|failed|outcome/.test(l)).slice(0, 12).join('\n')}\n`);
    return { log, duringOutage, firstEventMs };
  } finally {
    await watcher.close();
  }
}

describe('a NATS outage longer than the step retries', () => {
  it('kill -9 of nats-server for 10 s mid-copy: the appliance re-drives the migration when NATS is back and it completes, identical, audit intact, nothing stored twice', async () => {
    const { id, vm } = await startMigration('outage-mid-copy');
    await waitForEvent(env, id, ['DiskCopyStarted']);
    const bigDisk = (await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id })).disks[0]?.diskKey ?? '';
    for (let sent = 0; sent < 4; ) {
      sent = Number((await transfer(id, bigDisk).catch(() => ({ framesSent: 0 }))).framesSent);
      await sleep(10);
    }
    const before = await eventTypes(env, id);
    expect(before).not.toContain('TargetCreated');
    expect(before.filter((t) => t === 'DiskCopyCompleted').length).toBeLessThan(2);
    const { log, duringOutage, firstEventMs } = await outage(id, OUTAGE_MS, 'mid-copy');
    await expectCompletedOnce(id, vm, log, duringOutage, 'redrive', firstEventMs);
  });

  it('kill -9 of nats-server for 5 s just after TargetCreated: the migration does not stay at TARGET_CREATED, it completes', async () => {
    const { id, vm } = await startMigration('outage-after-target');
    // The kill follows TargetCreated on the migration's own subject: polling the API sees it too late (the fixup here takes milliseconds).
    const { log, duringOutage, firstEventMs } = await outage(id, 5000, 'just after TargetCreated', ['TargetCreated']);
    await expectCompletedOnce(id, vm, log, duringOutage, 'redrive-or-buffered', firstEventMs);
  });
});
