import { ConcurrencyError } from '@ferry/errors';
import { foldEvents, handleCommand, type AppendOptions, type AppendResult, type EventStore, type EventSubscription, type LoadedStream, type NewEvent, type StoredBatch, type StreamRef } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { MigrationMode, migrationCodec, migrationDecider, migrationStream, Step, type MigrationState } from '../migration';
import { planCodec, type PlanEvent } from '../plan';
import type { Inventory } from './inventory-gateway';
import { MigrationApi } from './migration-api';
import { PlanApi, planStream } from './plan-api';
import { SiteCatalog } from './site-catalog';
import { migrationView } from './views';

/** An event store in memory that counts the aggregate loads the code under test makes. */
class MemoryStore implements EventStore {
  readonly batches: StoredBatch[] = [];
  migrationLoads = 0;

  append(stream: StreamRef, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const before = this.batches.find((b) => b.id === stream.id && b.events[0]?.commandId === options.commandId);
    if (before) return Promise.resolve({ version: before.sequence, duplicate: true });
    if (this.versionOf(stream) !== options.expectedVersion) return Promise.reject(new ConcurrencyError('stale'));
    const sequence = this.batches.length + 1;
    this.batches.push({
      sequence, subject: `ferry.evt.${stream.aggregate}.${stream.id}`, aggregate: stream.aggregate, id: stream.id,
      events: events.map((e, index) => ({ ...e, actor: options.actor, commandId: options.commandId, traceId: '', occurredAt: new Date(1000 + sequence), aggregate: stream.aggregate, id: stream.id, prevHash: new Uint8Array(), hash: new Uint8Array(), sequence, index })),
    });
    return Promise.resolve({ version: sequence, duplicate: false });
  }

  load(stream: StreamRef): Promise<LoadedStream> {
    if (stream.aggregate === 'migration') this.migrationLoads++;
    return Promise.resolve({ events: this.batches.filter((b) => b.id === stream.id).flatMap((b) => b.events), version: this.versionOf(stream) });
  }

  /** Delivers what is stored from `from` on (nothing comes later here) until stopped. */
  subscribe(from: number, handler: (batch: StoredBatch) => Promise<void>): Promise<EventSubscription> {
    let stopped = false;
    const delivered = (async () => {
      for (const batch of this.batches.filter((b) => b.sequence >= from)) if (!stopped) await handler(batch);
    })();
    return Promise.resolve({ closed: new Promise<void>(() => undefined), stop: async () => void ((stopped = true), await delivered) });
  }

  async *replayAll(): AsyncIterable<StoredBatch> {
    yield* await Promise.resolve([...this.batches]);
  }

  lastSequence(): Promise<number> {
    return Promise.resolve(this.batches.length);
  }

  private versionOf(stream: StreamRef): number {
    return this.batches.filter((b) => b.id === stream.id).at(-1)?.sequence ?? 0;
  }
}

const CALLER = { actor: 'operator:test', traceId: '' };
const inventory = {
  findVm: (_site: unknown, moref: string) => Promise.resolve(ferry.inventory.v1.Vm.create({ name: moref, disks: [{ key: 2000, fileName: `[ds1] ${moref}/disk.vmdk`, capacityBytes: 4096 }] })),
} as unknown as Inventory;

/** A started plan of `count` VMs at `concurrency`, its migrations m-1 … m-<count>, none planned yet. */
async function startedPlan(store: MemoryStore, count: number, concurrency: number): Promise<string[]> {
  const meta = { planId: 'plan-1', at: 1, causeCommandId: 'c' };
  const vms = Array.from({ length: count }, (_, i) => ({ vcenter: 'prem', moref: `vm-${i + 1}`, name: `vm-${i + 1}` }));
  const ids = vms.map((_, i) => `m-${i + 1}`);
  const events: PlanEvent[] = [
    {
      type: 'PlanCreated',
      data: { meta, name: 'wave', vms, mode: MigrationMode.Cold, networkMap: [], storageMap: [{ sourceDatastore: 'ds1', targetDatastore: 'ds2' }], target: { folder: '', resourcePool: '', datacenter: '' }, concurrency, scheduledStartMillis: 0, maxDiskBytesPerSecond: 0, acceptUnqualified: false },
    },
    { type: 'PlanStarted', data: { meta, migrations: vms.map((vm, i) => ({ vmMoref: vm.moref, migrationId: ids[i]! })) } },
  ];
  await store.append(planStream('plan-1'), events.map((e) => planCodec.encode(e)), { expectedVersion: 0, commandId: 'seed-plan', actor: 'test', traceId: '' });
  return ids;
}

/** Ends a planned migration as a failure at validation (not running any more). */
async function fail(store: EventStore, migrationId: string): Promise<void> {
  const command = { type: 'Fail' as const, data: { meta: { commandId: `fail-${migrationId}`, migrationId, at: 5 }, step: Step.Validate, reason: 'test', retryable: false } };
  await handleCommand(store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId: `fail-${migrationId}`, actor: 'test', traceId: '' });
}

async function folded(store: EventStore, migrationId: string): Promise<MigrationState> {
  return foldEvents(migrationDecider, (await store.load(migrationStream(migrationId))).events.map((e) => migrationCodec.decode(e.type, e.payload)));
}

describe('planning a plan\'s migrations from the site catalog', () => {
  it('plans up to the limit, then one per ended migration, without loading the plan\'s other migrations', async () => {
    const store = new MemoryStore();
    const ids = await startedPlan(store, 40, 4);
    const plans = new PlanApi(store, inventory, () => 10);
    expect(await plans.planDueMigrations('plan-1', CALLER)).toEqual(ids.slice(0, 4));

    await fail(store, 'm-2');
    store.migrationLoads = 0;
    expect(await plans.planDueMigrations('plan-1', CALLER)).toEqual(['m-5']);
    // One load: the decider's, for the migration it plans; none for the 39 others.
    expect(store.migrationLoads).toBe(1);
  });

  it('passes asked for at once (migrations ending together) plan past the limit neither, nor twice', async () => {
    const store = new MemoryStore();
    const ids = await startedPlan(store, 20, 4);
    const plans = new PlanApi(store, inventory, () => 10);
    await plans.planDueMigrations('plan-1', CALLER);
    await Promise.all(['m-1', 'm-2', 'm-3'].map((id) => fail(store, id)));
    store.migrationLoads = 0;

    await Promise.all(Array.from({ length: 6 }, () => plans.planDueMigrations('plan-1', CALLER)));

    // One pass planned the three; the five calls made while it ran shared one more pass, which found nothing due.
    expect(store.migrationLoads).toBe(3);
    const states = await Promise.all(ids.map((id) => folded(store, id)));
    expect(states.filter((s) => s.phase !== 'initial' && s.phase !== 'failed').length).toBe(4);
    expect(ids.filter((_, i) => states[i]!.phase !== 'initial')).toEqual(ids.slice(0, 7));
  });

  it('a restarted appliance or another replica (a new catalog over the same store) sees the same plan', async () => {
    const store = new MemoryStore();
    await startedPlan(store, 10, 3);
    const first = new PlanApi(store, inventory, () => 10);
    await first.planDueMigrations('plan-1', CALLER);
    await fail(store, 'm-1');

    const restarted = new PlanApi(store, inventory, () => 10);
    expect(await restarted.getPlan('plan-1')).toEqual(await first.getPlan('plan-1'));
    expect(await restarted.planDueMigrations('plan-1', CALLER)).toEqual(['m-4']);
    // The first one reads what the other recorded before it decides: nothing more is due.
    expect(await first.planDueMigrations('plan-1', CALLER)).toEqual([]);
  });
});

describe('GetMigration from the site catalog', () => {
  it('shows what a fold of the whole history shows, including a change recorded just before the call', async () => {
    const store = new MemoryStore();
    await startedPlan(store, 3, 3);
    const catalog = new SiteCatalog(store);
    const plans = new PlanApi(store, inventory, () => 10, catalog);
    const migrations = new MigrationApi(store, () => 10, undefined, undefined, catalog);
    await plans.planDueMigrations('plan-1', CALLER);
    const planned = await migrations.getMigration('m-2');

    await fail(store, 'm-2');
    const loaded = await store.load(migrationStream('m-2'));
    const state = await folded(store, 'm-2');
    if (state.phase === 'initial') throw new Error('m-2 is planned');
    expect(await migrations.getMigration('m-2')).toEqual(migrationView(state, loaded.version, loaded.events.at(-1)!.occurredAt.getTime()));
    expect(planned.phase).not.toBe((await migrations.getMigration('m-2')).phase);
    expect((await migrations.listMigrations({ planId: 'plan-1' })).migrations?.map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
  });

  it('refuses a migration that was never planned as NOT_FOUND', async () => {
    const store = new MemoryStore();
    await startedPlan(store, 3, 1);
    await expect(new MigrationApi(store).getMigration('m-3')).rejects.toThrow(/no migration m-3/);
  });
});
