// What the appliance's fault tests share: a throttled cold migration (so a fault lands mid-copy), and
// the verdict on how it came through — phase, replica identical disk by disk, audit chain intact,
// outcomes stored once — which each test asserts and also records as a row of the fault suite's table.
import { JetStreamEventStore, verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { qemuCompare, recordFaultRow, type FaultRow } from '@ferry/testing';
import type { ColdMigrationEnv, TransferStatus } from './cold-migration-env';
import { cloudFile, cloudVms, waitForEvent } from './cold-migration-checks';
import { makeSourceVm, type SourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 2 ** 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A 128 + 16 MiB VM, planned cold at 4 MiB/s (about 45 MiB on the wire: over 10 s of copy) unless `rate` says otherwise, started. */
export async function startThrottledMigration(env: ColdMigrationEnv, name: string, rate = 4 * MiB): Promise<{ id: string; vm: SourceVm; planId: string }> {
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
    maxDiskBytesPerSecond: rate,
  });
  const started = await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
  return { id: started.migrationIds[0]!, vm, planId: plan.id };
}

/** Waits until prem-manager has sent a few frames of the migration's first disk: the copy is under way. */
export async function copyUnderWay(env: ColdMigrationEnv, id: string): Promise<void> {
  await waitForEvent(env, id, ['DiskCopyStarted']);
  const disk = (await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id })).disks[0]?.diskKey ?? '';
  for (let sent = 0, deadline = Date.now() + 60_000; sent < 4; ) {
    const status = await unaryCall<object, TransferStatus>(env.shipper, 'GetTransfer', { migrationId: id, diskId: disk, generation: 1 }).catch(() => undefined);
    sent = Number(status?.framesSent ?? 0);
    if (Date.now() > deadline) throw new Error(`no frames of migration ${id} were sent in 60 s`);
    await sleep(10);
  }
}

/** How a migration came through a fault. */
export interface FaultVerdict {
  readonly phase: string;
  readonly failureReason: string;
  readonly identical: boolean;
  readonly auditIntact: boolean;
  readonly auditFindings: readonly unknown[];
  /** Commands whose events went into more than one stored message. */
  readonly duplicates: number;
  /** Consumers on the event stream after the fault (reads leave none behind; the services' own stay). */
  readonly consumers: number;
}

/** The most consumers FERRY_EVENTS may hold after a fault: the services' own durable ones, with room to spare. */
export const CONSUMER_BOUND = 50;

/** Consumers on the site's event stream now (reads leave none behind; the services' own durable ones stay). */
export async function eventConsumers(env: ColdMigrationEnv): Promise<number> {
  const nc = await env.nats.connect();
  try {
    return (await (await nc.jetstreamManager()).streams.info('FERRY_EVENTS')).state.consumer_count;
  } finally {
    await nc.close();
  }
}

/** Whether the cloud VM the migration made has the source's disks, each equal to its source (`qemu-img compare`). */
async function disksIdentical(env: ColdMigrationEnv, id: string, vm: SourceVm): Promise<boolean> {
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
  if (target?.disks.length !== vm.diskFiles.length) return false;
  for (const [i, source] of vm.diskFiles.entries()) {
    if (!(await qemuCompare(source, cloudFile(env, target.disks[i]!))).identical) return false;
  }
  return true;
}

/**
 * Reads the verdict: the migration's phase, each cloud disk compared with its source, the audit, duplicates.
 * `judged`: whether the replica is as it should be, when the test judged that itself (a fixup changes the disks
 * by design, so they are not compared with the source).
 */
export async function faultVerdict(env: ColdMigrationEnv, id: string, vm: SourceVm, judged?: boolean): Promise<FaultVerdict> {
  const migration = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
  const identical = judged ?? (await disksIdentical(env, id, vm));
  const checker = await env.nats.connect();
  try {
    const store = await JetStreamEventStore.open(checker);
    const stored = await store.load({ aggregate: 'migration', id });
    const audit = await verifyAudit(checker);
    const consumers = (await (await checker.jetstreamManager()).streams.info(store.options.streamName)).state.consumer_count;
    return {
      phase: mig.Phase[migration.phase] ?? String(migration.phase), failureReason: migration.failureReason ?? '', identical,
      auditIntact: audit.intact, auditFindings: audit.findings, duplicates: commandsStoredTwice(stored.events), consumers,
    };
  } finally {
    await checker.close();
  }
}

/** The verdict every recovered fault must have: completed, identical, audit intact, nothing stored twice, consumers bounded. */
export function expectRecovered(verdict: FaultVerdict): void {
  expect({ ...verdict, consumersBounded: verdict.consumers <= CONSUMER_BOUND }).toEqual({
    phase: 'PHASE_COMPLETED', failureReason: '', identical: true, auditIntact: true, auditFindings: [], duplicates: 0, consumers: verdict.consumers, consumersBounded: true,
  });
}

/** Commands whose events went into more than one stored message (an outcome recorded twice). */
export function commandsStoredTwice(events: ReadonlyArray<{ readonly commandId: string; readonly sequence: number }>): number {
  const messagesOfCommand = new Map<string, Set<number>>();
  for (const e of events) messagesOfCommand.set(e.commandId, (messagesOfCommand.get(e.commandId) ?? new Set()).add(e.sequence));
  return [...messagesOfCommand.values()].filter((s) => s.size > 1).length;
}

/** Records the verdict as a row of the fault suite's table (see @ferry/testing's fault-report). */
export function recordVerdict(fault: string, verdict: FaultVerdict, recoveryMs: number, retried = false, seen?: string): void {
  const row: FaultRow = {
    fault, outcome: verdict.phase !== 'PHASE_COMPLETED' ? 'failed' : retried ? 'completed-after-retry' : 'completed',
    identical: verdict.identical, auditIntact: verdict.auditIntact, duplicates: verdict.duplicates, consumers: verdict.consumers, recoveryMs, ...(seen ? { seen } : {}),
  };
  recordFaultRow(row);
}

/** The full outage lengths under `npm run test:faults` (FERRY_FAULT_FULL=1), shorter ones in `npm test`. */
export function faultMs(full: number, short: number): number {
  return process.env.FERRY_FAULT_FULL === '1' ? full : short;
}
