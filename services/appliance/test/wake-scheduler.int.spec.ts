// The scheduler on the real event store (nats-server JetStream) with a clock the test moves: schedules
// are read from the stored events at start, followed as plans are created and cancelled, fired at their
// time (a past one at once), tried again after a failure, and read again by a restarted scheduler.
import { handleCommand, JetStreamEventStore } from '@ferry/event-store';
import { startNatsSession, type NatsSession } from '@ferry/testing';
import { migrationCodec, migrationDecider, migrationStream, MigrationMode, type MigrationCommand } from '../src/migration';
import { planCodec, planDecider, type PlanCommand } from '../src/plan';
import { WakeScheduler } from '../src/scheduling';
import { cmd } from './fixtures/migration';
import { ManualTimers } from './fixtures/manual-timers';

jest.setTimeout(60_000);

const T0 = Date.UTC(2026, 11, 4, 6, 0, 0);
const inventory = {
  sourceVms: { 'vm-1': { networks: [], datastores: [] } },
  targetNetworks: [],
  targetDatastores: [],
  targetPlacement: { folder: { paths: [], unresolvedNames: [] }, resourcePool: { paths: [], unresolvedNames: [] }, datacenter: { paths: [], unresolvedNames: [] } },
};

let session: NatsSession;
let store: JetStreamEventStore;

beforeAll(async () => {
  session = await startNatsSession();
  store = await JetStreamEventStore.open(session.connection);
});
afterAll(async () => session?.close());

async function plan(command: PlanCommand): Promise<void> {
  const { commandId, planId } = command.data.meta;
  await handleCommand(store, { aggregate: 'plan', id: planId }, planDecider, planCodec, command, { commandId, actor: 'operator:test', traceId: '0af7651916cd43dd8448eb211c80319c' });
}

const create = (planId: string, scheduledStartMillis: number | undefined, at = T0): PlanCommand => ({
  type: 'CreatePlan',
  data: {
    meta: { commandId: `create-${planId}`, planId, at }, name: planId, vms: [{ vcenter: 'prem', moref: 'vm-1', name: 'a' }], mode: MigrationMode.Cold,
    networkMap: [], storageMap: [], target: { folder: '', resourcePool: '', datacenter: '' }, inventory, precopyMinIntervalSeconds: 60,
    ...(scheduledStartMillis === undefined ? {} : { scheduledStartMillis }),
  },
});
const cancel = (planId: string): PlanCommand => ({ type: 'CancelPlan', data: { meta: { commandId: `cancel-${planId}`, planId, at: T0 }, reason: 'not tonight' } });

/** What the real handler does in the end: one migration of the plan planned, so the plan has begun. */
async function planMigrationOf(planId: string): Promise<void> {
  const command = cmd.plan(1, { planId });
  const migrationId = `mig-${planId}`;
  const data = { ...command.data, meta: { ...command.data.meta, migrationId, commandId: `plan-${migrationId}` } } as typeof command.data;
  await handleCommand(store, migrationStream(migrationId), migrationDecider, migrationCodec, { ...command, data } as typeof command, {
    commandId: `plan-${migrationId}`, actor: 'service:appliance', traceId: '0af7651916cd43dd8448eb211c80319c',
  });
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function schedulerOn(clock: ManualTimers, started: string[], failFirst = new Map<string, number>()): WakeScheduler {
  return new WakeScheduler(
    store,
    {
      async startPlan(planId) {
        const left = failFirst.get(planId) ?? 0;
        if (left > 0) {
          failFirst.set(planId, left - 1);
          throw new Error('inventory unreachable');
        }
        started.push(planId);
        await planMigrationOf(planId);
      },
      cutover: (migrationId) => Promise.reject(new Error(`no cutover expected here (${migrationId})`)),
    },
    { log: () => undefined, timers: clock, retryMs: 2000 },
  );
}

describe('wake scheduler on the real event store', () => {
  it('arms the stored schedules at start, fires each at its time (a past one at once), follows new and cancelled plans, and retries a failed start', async () => {
    await plan(create('ahead', T0 + 20_000));
    await plan(create('missed', T0 + 5_000));
    await plan(create('unscheduled', undefined));
    await plan(create('called-off', T0 + 30_000));
    await plan(cancel('called-off'));

    // The appliance comes up 10 s after "missed" was due.
    const clock = new ManualTimers(T0 + 15_000);
    const started: string[] = [];
    const scheduler = schedulerOn(clock, started, new Map([['flaky', 2]]));
    await scheduler.start();
    expect(scheduler.armed().sort((a, b) => a.at - b.at)).toEqual([
      { key: 'plan-start:missed', at: T0 + 5_000 },
      { key: 'plan-start:ahead', at: T0 + 20_000 },
    ]);
    clock.advance(0);
    await until('the missed plan to start at once', () => started.includes('missed'));
    clock.advance(4_999);
    expect(started).toEqual(['missed']);
    clock.advance(1);
    await until('the plan scheduled ahead to start', () => started.includes('ahead'));

    // Plans created and cancelled while it runs.
    await plan(create('later', T0 + 60_000, T0 + 20_000));
    await plan(create('dropped', T0 + 70_000, T0 + 20_000));
    await until('the new schedules to be armed', () => scheduler.armed().length === 2);
    await plan(cancel('dropped'));
    await until('the cancelled plan to be disarmed', () => scheduler.armed().length === 1);
    expect(scheduler.armed()).toEqual([{ key: 'plan-start:later', at: T0 + 60_000 }]);

    // A start that fails is tried again after 2 s, then 4 s.
    await plan(create('flaky', T0 + 25_000, T0 + 20_000));
    await until('the flaky plan to be armed', () => scheduler.armed().some((a) => a.key === 'plan-start:flaky'));
    clock.advance(5_000);
    await until('the first retry to be armed', () => scheduler.armed().some((a) => a.key === 'plan-start:flaky' && a.at === T0 + 27_000));
    clock.advance(2_000);
    await until('the second retry to be armed', () => scheduler.armed().some((a) => a.key === 'plan-start:flaky' && a.at === T0 + 31_000));
    clock.advance(4_000);
    await until('the flaky plan to start', () => started.includes('flaky'));
    expect(started).toEqual(['missed', 'ahead', 'flaky']);

    // Stopped (SIGTERM): no timer left.
    await scheduler.stop();
    expect({ armed: scheduler.armed(), timers: clock.count }).toEqual({ armed: [], timers: 0 });

    // A restarted scheduler reads the store again: only "later" is still to start; the others have begun.
    const restartedClock = new ManualTimers(T0 + 40_000);
    const restarted = schedulerOn(restartedClock, started);
    await restarted.start();
    expect(restarted.armed()).toEqual([{ key: 'plan-start:later', at: T0 + 60_000 }]);
    restartedClock.advance(20_000);
    await until('the later plan to start after the restart', () => started.includes('later'));
    expect(started).toEqual(['missed', 'ahead', 'flaky', 'later']);
    await restarted.stop();
  });

  it("fires a pre-copy migration's cutover at the plan's time, or at its own once scheduled (ScheduleCutover), and not again once asked for", async () => {
    const planId = 'precopy-wave';
    const migrationId = 'mig-precopy-wave';
    await plan({ ...create(planId, undefined), data: { ...create(planId, undefined).data, mode: MigrationMode.Precopy, scheduledCutoverMillis: T0 + 600_000 } } as PlanCommand);
    const send = (command: MigrationCommand) =>
      handleCommand(store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId: command.data.meta.commandId, actor: 'operator:test', traceId: '0af7651916cd43dd8448eb211c80319c' });
    const planned = cmd.plan(1, { planId, mode: MigrationMode.Precopy });
    await send({ ...planned, data: { ...planned.data, meta: { ...planned.data.meta, migrationId, commandId: `plan-${migrationId}` }, precopyIntervalSeconds: 60 } } as MigrationCommand);

    const clock = new ManualTimers(T0 + 60_000);
    const cutovers: string[] = [];
    const asked: string[] = [];
    const scheduler = new WakeScheduler(store, {
      startPlan: async () => undefined,
      cutoverAskedFor: (id) => void asked.push(id),
      async cutover(id) {
        cutovers.push(id);
        await send({ type: 'RequestCutover', data: { meta: { commandId: `cutover:${id}`, migrationId: id, at: clock.now() }, reason: 'the scheduled cutover time came' } });
      },
    }, { log: () => undefined, timers: clock });
    await scheduler.start();
    expect(scheduler.armed()).toContainEqual({ key: `cutover:${migrationId}`, at: T0 + 600_000 });
    // Its own time replaces the plan's; a time in the past is refused naming the field.
    await send({ type: 'ScheduleCutover', data: { meta: { commandId: 'schedule-1', migrationId, at: T0 + 60_000 }, atMillis: T0 + 120_000 } });
    await until('the own cutover time to be armed', () => scheduler.armed().some((a) => a.key === `cutover:${migrationId}` && a.at === T0 + 120_000));
    await expect(send({ type: 'ScheduleCutover', data: { meta: { commandId: 'schedule-2', migrationId, at: T0 + 60_000 }, atMillis: T0 + 30_000 } })).rejects.toThrow(/^at: .* is in the past/);
    clock.advance(60_000);
    await until('the cutover to be asked for', () => cutovers.length === 1);
    const types = async () => (await store.load(migrationStream(migrationId))).events.map((e) => e.type);
    for (const deadline = Date.now() + 10_000; !(await types()).includes('CutoverRequested') && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(await types()).toEqual(['MigrationPlanned', 'CutoverScheduled', 'CutoverRequested']);
    // Asked for: the recording of its prediction is told, nothing is left to wake, and a restarted scheduler arms nothing for it either.
    await until('the cutover to be told', () => asked.length === 1);
    expect(asked).toEqual([migrationId]);
    await until('the cutover to be settled', () => !scheduler.armed().some((a) => a.key === `cutover:${migrationId}`));
    await scheduler.stop();
    const restarted = new WakeScheduler(store, { startPlan: async () => undefined, cutover: async (id) => void cutovers.push(id) }, { log: () => undefined, timers: clock });
    await restarted.start();
    expect(restarted.armed().filter((a) => a.key.startsWith('cutover:'))).toEqual([]);
    await restarted.stop();
  });
});
