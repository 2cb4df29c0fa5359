// kill -9 of nats-server during a cold migration (mid-copy, and just after TargetCreated), for longer than the
// appliance's step retries, then a restart on the same port and store: the migration goes on when the
// appliance's connection comes back (its copy still running, its command sent on the reconnect, or re-driven at
// the reconnect; no appliance restart, no operator retry) and it completes with an
// identical replica, an intact audit chain and no event stored twice.
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { startColdMigrationEnv, type ColdMigrationEnv, type TransferStatus } from './cold-migration-env';
import { eventTypes, waitForEvent } from './cold-migration-checks';
import { faultMs, faultVerdict, recordVerdict, startThrottledMigration, expectRecovered } from './fault-migrations';
import type { SourceVm } from './source-vms';
import api = ferry.api.v1;

jest.setTimeout(420_000);

const MiB = 2 ** 20;

/**
 * Longer than the step retries below (one re-run after 300 ms) and than any in-flight NATS request
 * timeout: 10 s in `npm test`; the issue's 90 s under `npm run test:faults`.
 */
const OUTAGE_MS = faultMs(90_000, 10_000);
/**
 * The appliance's leader lease in this file: well beyond the outages of `npm test`, so the replica leads
 * through them, and shorter than the 90 s ones of `npm run test:faults`, which end its term. A lease is good
 * for 0.9 of it from when its last renewal was sent; at 30 s a loaded CI run lost it 15 s into a 15 s outage,
 * its last renewal having come late, so the margin here is wide.
 */
const LEASE_MS = 60_000;
/**
 * After TargetCreated: 15 s, and also 90 s under `npm run test:faults`. 15 s is three times the 5 s a
 * JetStream request of the NATS client waits for its answer: whatever the appliance asked the store just
 * before the kill has failed long before NATS is back, so the step cannot slip through on a buffered request.
 */
const AFTER_TARGET_OUTAGES_MS = process.env.FERRY_FAULT_FULL === '1' ? [15_000, 90_000] : [15_000];

/** What the appliance logs when its leader lease lapsed, and the reason it gives for a re-drive at the reconnect. */
const LEASE_LOST = 'leader lease: this replica no longer leads';
const STORE_BACK = 'the event store is reachable again';

let env: ColdMigrationEnv;

beforeAll(async () => {
  // The periodic re-drive is left at an hour: the migration must go on because the connection came back.
  env = await startColdMigrationEnv({ STEP_RETRIES: '1', STEP_RETRY_BACKOFF_MS: '300', REDRIVE_INTERVAL_MS: '3600000', LEADER_LEASE_TTL_MS: String(LEASE_MS) });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function transfer(migrationId: string, diskId: string): Promise<TransferStatus> {
  return unaryCall(env.shipper, 'GetTransfer', { migrationId, diskId, generation: 1 });
}

/** Completed, going on only after the outage (re-driven, resumed, or its outcome stored after the restart; never failed); replica identical; each outcome stored once; audit intact. */
async function expectCompletedOnce(id: string, vm: SourceVm, outcome: Outcome, fault: string): Promise<void> {
  const { log, duringOutage, storedAfterRestart, recoveryMs } = outcome;
  // The step's outcome could not be recorded during the outage: it waited for the re-drive instead of failing.
  // A step that ends within the outage may instead have its record held by the NATS client and published
  // on reconnect (the JetStream ack still within its time): then the outcome is stored after NATS is back,
  // with nothing to re-drive. Either way the migration went on after the outage, not before it.
  // An outage longer than the leader lease (LEADER_LEASE_TTL_MS) also ends this appliance's term: when NATS
  // is back it leads again and its new runner resumes every unfinished migration ("resuming migration …").
  const leadsAgain = log.includes(LEASE_LOST) && log.includes(`resuming migration ${id}`);
  const redriven = log.includes(`re-driving migration ${id}`) || leadsAgain;
  if (!redriven) expect(storedAfterRestart).toBeGreaterThan(0);
  if (redriven && !leadsAgain) expect(log).toContain(STORE_BACK);
  expect(log).not.toContain('ended without a recorded outcome');
  expect(duringOutage).not.toContain(`re-driving migration ${id}`);
  expect(duringOutage).not.toContain(`resuming migration ${id}`);

  // The replica equals the source, disk by disk; each command's events in one stored message; the audit chain intact.
  const verdict = await faultVerdict(env, id, vm);
  recordVerdict(fault, verdict, recoveryMs);
  expectRecovered(verdict);
  // Each step's outcome once.
  const types = await eventTypes(env, id);
  expect(types.filter((t) => !t.startsWith('DiskCopy'))).toEqual(['MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted']);
  expect(types.filter((t) => t === 'DiskCopyCompleted')).toHaveLength(2);
}

/**
 * kill -9 of nats-server for `outageMs` (at once, or as soon as a stored batch of the migration has one
 * of `killAfter`), a restart on the same port and store, and the migration's end. Prints the recovery:
 * the first event stored after nats-server is back (seen on the migration's subject), and the completion.
 */
interface Outcome {
  readonly log: string;
  readonly duringOutage: string;
  /**
   * Events of the migration in the store after NATS was back that were not there when it was killed: counted from
   * the store, not from the watcher's subscription, which misses what is published while it is itself reconnecting
   * (a migration carried on by its step's command, sent on the appliance's reconnect, completed in 1.6 s once).
   */
  readonly storedAfterRestart: number;
  readonly recoveryMs: number;
}

async function outage(id: string, outageMs: number, moment: string, killAfter: readonly string[] = []): Promise<Outcome> {
  const watcher = await env.nats.connect('auditor', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
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
    const storedBefore = (await eventTypes(env, id)).length;
    await env.nats.kill9();
    await sleep(outageMs);
    const duringOutage = env.appliance.log().slice(logBefore);
    restartedAt = Date.now();
    await env.nats.restart();
    await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 90_000);
    const completedMs = Date.now() - restartedAt;
    const storedAfterRestart = (await eventTypes(env, id)).length - storedBefore;
    const log = env.appliance.log().slice(logBefore);
    process.stdout.write(`nats-server kill -9 for ${outageMs / 1000} s ${moment}${stored ? ` (last stored before: ${stored})` : ''}: first event seen ${firstEventMs} ms after nats-server was back (-1: the watcher was still reconnecting), ${storedAfterRestart} stored since the kill, completed ${completedMs} ms after\n` +
      `${log.split('\n').filter((l) => /re-driv|not recorded|not handled|event subscription|failed|outcome/.test(l)).slice(0, 12).join('\n')}\n`);
    return { log, duringOutage, storedAfterRestart, recoveryMs: completedMs };
  } finally {
    await watcher.close();
  }
}

describe('a NATS outage longer than the step retries', () => {
  it(`kill -9 of nats-server for ${OUTAGE_MS / 1000} s mid-copy: the migration goes on when NATS is back and completes, identical, audit intact, nothing stored twice`, async () => {
    const { id, vm } = await startThrottledMigration(env, 'outage-mid-copy');
    await waitForEvent(env, id, ['DiskCopyStarted']);
    const bigDisk = (await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id })).disks[0]?.diskKey ?? '';
    for (let sent = 0; sent < 4; ) {
      sent = Number((await transfer(id, bigDisk).catch(() => ({ framesSent: 0 }))).framesSent);
      await sleep(10);
    }
    const before = await eventTypes(env, id);
    expect(before).not.toContain('TargetCreated');
    expect(before.filter((t) => t === 'DiskCopyCompleted').length).toBeLessThan(2);
    const outcome = await outage(id, OUTAGE_MS, 'mid-copy');
    // The copy step follows prem-manager over gRPC, not NATS: at 4 MiB/s the copy outlasts the 10 s outage and goes
    // on through it, and its outcome is stored after the restart, with nothing to re-drive (a command it had in
    // flight at the kill may wait out its timeout or go through on the reconnect). The 90 s outage of
    // `npm run test:faults` outlasts the leader lease: the runner stops, and the migration resumes when NATS is back.
    await expectCompletedOnce(id, vm, outcome, `nats-server kill -9 for ${OUTAGE_MS / 1000} s mid-copy`);
  });

  it.each(AFTER_TARGET_OUTAGES_MS)('kill -9 of nats-server for %d ms just after TargetCreated: the migration does not stay at TARGET_CREATED, it completes', async (outageMs) => {
    // 16 MiB/s, not the 4 MiB/s a fault mid-copy needs: the copy (~45 MiB on the wire) still lasts seconds, ample
    // time for the watch below to subscribe before TargetCreated, and the kill waits for that event, not for the copy.
    const { id, vm } = await startThrottledMigration(env, `outage-after-target-${outageMs}`, 16 * MiB);
    // The kill follows TargetCreated on the migration's own subject: polling the API sees it too late (the fixup here takes milliseconds).
    const outcome = await outage(id, outageMs, 'just after TargetCreated', ['TargetCreated']);
    if (outageMs < LEASE_MS) {
      // The replica led through the outage. Two paths carry the migration on, and which one depends on where in
      // the step the kill landed; both are the product's design, and neither may wait out a step's timeout:
      // - the step failed against the dead store (or its request was dropped with the server): the re-drive at
      //   the reconnect runs it again (redrive.unit.spec.ts holds the mechanism; nats-request-drop.int.spec.ts
      //   the dropped request);
      // - the step asked while the client was already reconnecting: natsRequest holds the command until the
      //   reconnect and sends it then (nats-request-drop.int.spec.ts), and the step's outcome is stored after
      //   NATS is back, with nothing to re-drive. (The fresh-clone CI run of 1c830de, before that hold existed,
      //   also completed without a re-drive, by a path its log does not show.)
      // expectCompletedOnce below requires, for either path, that the migration went on only after NATS was back.
      const redriven = new RegExp(`re-driving migration ${id} at [a-z-]+: step [A-Za-z]+ \\(${STORE_BACK}\\)`).test(outcome.log);
      process.stdout.write(`  carried on by ${redriven ? 'the re-drive at the reconnect' : "the step's own command, sent on the reconnect"}\n`);
      expect(outcome.log).not.toContain(LEASE_LOST);
      // A reply lost with the server would hold the fixup for its whole timeout (FIXUP_TIMEOUT_MS, 10 min).
      expect(outcome.recoveryMs).toBeLessThan(30_000);
    }
    await expectCompletedOnce(id, vm, outcome, `nats-server kill -9 for ${outageMs / 1000} s just after TargetCreated (as fixup starts)`);
  });
});
