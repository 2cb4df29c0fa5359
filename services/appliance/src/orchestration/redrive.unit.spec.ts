import { ConcurrencyError } from '@ferry/errors';
import { foldEvents, type AppendOptions, type AppendResult, type EventStore, type EventSubscription, type LoadedStream, type NewEvent, type StoredBatch, type StreamRef } from '@ferry/event-store';
import { emeta, evt, historyToDisksCopied, MIGRATION_ID, targetVm } from '../../test/fixtures/migration';
import { migrationCodec, migrationDecider, Step, type MigrationEvent } from '../migration';
import { MigrationRunner } from './migration-runner';
import type { MigrationPorts } from './ports';
import { planRedrives } from './redrive';
import type { StoreLink } from './store-link';

const atFixup = [...historyToDisksCopied, evt.targetCreated(10)];
const atPowerOn = [...atFixup, evt.fixedUp(11)];
const cancelled = (n: number): MigrationEvent => ({ type: 'MigrationCancelled', data: { meta: emeta(n), reason: 'x', powerOnSource: true, removeTarget: true, removeCacheVolume: false, targetVm, step: Step.Fixup } });
const completed = (n: number): MigrationEvent => ({ type: 'MigrationCompleted', data: { meta: emeta(n), durationMillis: 1, downtimeMillis: 1 } });
const compensated = (n: number): MigrationEvent => ({ type: 'CompensationCompleted', data: { meta: emeta(n), steps: [] } });

/** Given these histories (one per migration, its id set on every event), the re-drive plan as [id, effect kind]. */
function given(histories: Record<string, MigrationEvent[]>, busy: string[] = []): Array<[string, string]> {
  const states = Object.entries(histories).map(([id, events]) => foldEvents(migrationDecider, events.map((e) => ({ ...e, data: { ...e.data, meta: { ...e.data.meta, migrationId: id } } }) as MigrationEvent)));
  return planRedrives(states, (id) => busy.includes(id)).map((r) => [r.effect.migrationId, r.effect.kind]);
}

describe('re-drive decision: which migrations are driven on after an outage', () => {
  it('an active migration runs its current step again; a cancelled one not yet undone runs its compensation', () => {
    expect(given({ 'm-fixup': atFixup, 'm-copy': historyToDisksCopied.slice(0, 5), 'm-cancel': [...atFixup, cancelled(11)] })).toEqual([
      ['m-fixup', 'RunFixup'],
      ['m-copy', 'CopyDisks'],
      ['m-cancel', 'Compensate'],
    ]);
  });

  it('nothing for a migration that is over, failed (an operator retries it) or cancelled and undone', () => {
    expect(given({
      done: [...atPowerOn, evt.poweredOn(12), completed(13)],
      failed: [...atFixup, evt.failed(11, Step.Fixup, 5)],
      undone: [...atFixup, cancelled(11), compensated(12)],
    })).toEqual([]);
  });

  it('a failed migration the operator retried is driven on again at its step', () => {
    expect(given({ retried: [...atFixup, evt.failed(11, Step.Fixup, 5), evt.retried(12, Step.Fixup)] })).toEqual([['retried', 'RunFixup']]);
  });

  it('a migration with an effect queued or running is left alone: its step never runs twice at once', () => {
    expect(given({ 'm-busy': atFixup, 'm-idle': atPowerOn }, ['m-busy'])).toEqual([['m-idle', 'PowerOnTarget']]);
  });
});

/** An event store in memory that can be made unreachable: every call then fails as a dead NATS link would. */
class FlakyStore implements EventStore {
  down = false;
  /** A subscription that delivers nothing, as one that lost its consumer without noticing would. */
  deaf = false;
  readonly batches: StoredBatch[] = [];
  private readonly handlers = new Set<(batch: StoredBatch) => Promise<void>>();

  constructor(history: MigrationEvent[]) {
    history.forEach((event, i) => this.store({ aggregate: 'migration', id: MIGRATION_ID }, [migrationCodec.encode(event)], `seed-${i}`));
  }

  append(stream: StreamRef, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.reachable();
    const before = this.batches.find((b) => b.id === stream.id && b.events[0]?.commandId === options.commandId);
    if (before) return Promise.resolve({ version: before.sequence, duplicate: true });
    if (this.versionOf(stream) !== options.expectedVersion) throw new ConcurrencyError('stale');
    const batch = this.store(stream, events, options.commandId);
    for (const handler of this.handlers) void handler(batch);
    return Promise.resolve({ version: batch.sequence, duplicate: false });
  }

  load(stream: StreamRef): Promise<LoadedStream> {
    this.reachable();
    return Promise.resolve({ events: this.batches.filter((b) => b.id === stream.id).flatMap((b) => b.events), version: this.versionOf(stream) });
  }

  subscribe(_from: number, handler: (batch: StoredBatch) => Promise<void>): Promise<EventSubscription> {
    if (this.deaf) return Promise.resolve({ closed: new Promise<void>(() => undefined), stop: () => Promise.resolve() });
    this.handlers.add(handler);
    return Promise.resolve({ closed: new Promise<void>(() => undefined), stop: () => Promise.resolve(void this.handlers.delete(handler)) });
  }

  async *replayAll(): AsyncIterable<StoredBatch> {
    this.reachable();
    yield* await Promise.resolve(this.batches);
  }

  lastSequence(): Promise<number> {
    return Promise.resolve(this.batches.length);
  }

  /** Event types stored for the migration, in order. */
  types(): string[] {
    return this.batches.flatMap((b) => b.events.map((e) => e.type));
  }

  private reachable(): void {
    if (this.down) throw new Error('TIMEOUT');
  }

  private versionOf(stream: StreamRef): number {
    return this.batches.filter((b) => b.id === stream.id).at(-1)?.sequence ?? 0;
  }

  private store(stream: StreamRef, events: readonly NewEvent[], commandId: string): StoredBatch {
    const sequence = this.batches.length + 1;
    const batch: StoredBatch = {
      sequence, subject: `ferry.evt.${stream.aggregate}.${stream.id}`, aggregate: stream.aggregate, id: stream.id,
      events: events.map((e, index) => ({ ...e, actor: 'test', commandId, traceId: '', occurredAt: new Date(0), aggregate: stream.aggregate, id: stream.id, prevHash: new Uint8Array(), hash: new Uint8Array(), sequence, index })),
    };
    this.batches.push(batch);
    return batch;
  }
}

/** A link the test flips; listeners hear each change as natsLink's would. */
function link(store: FlakyStore): StoreLink & { set(up: boolean): void } {
  const listeners = new Set<() => void>();
  return {
    connected: () => !store.down,
    onChange: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    set(up) {
      store.down = !up;
      for (const listener of listeners) listener();
    },
  };
}

/** Ports where only powering the target on is used; each call waits until the test releases it. */
function powerOnPorts(): { ports: MigrationPorts; calls: () => number; release: () => void } {
  let calls = 0;
  let release: () => void = () => undefined;
  const unused = (): never => {
    throw new Error('not used by this step');
  };
  const ports: MigrationPorts = {
    source: { inspect: unused, powerOff: unused, powerOn: unused },
    diskCopy: { copy: unused, setRate: () => undefined, forgetRate: () => undefined },
    fixup: { run: unused },
    target: {
      findByMigration: unused, create: unused, removeByMigration: unused,
      powerOn: () => {
        calls++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    },
  };
  return { ports, calls: () => calls, release: () => release() };
}

const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('migration runner: re-drive after the event store comes back', () => {
  async function runnerAtPowerOn() {
    const store = new FlakyStore(atPowerOn);
    const storeLink = link(store);
    const { ports, calls, release } = powerOnPorts();
    const log: string[] = [];
    const runner = new MigrationRunner(store, ports, { actor: 'service:appliance', onMigrationEnded: () => Promise.resolve(), log: (m) => log.push(m), stepRetries: 2, stepRetryBackoffMs: 1, storeLink });
    await runner.start();
    await settle();
    return { store, storeLink, runner, calls, release, log };
  }

  it('given a step under way, when re-drives are asked for, then the step is not started a second time', async () => {
    const { store, runner, calls, release } = await runnerAtPowerOn();
    runner.requestRedrive('test');
    runner.requestRedrive('test again');
    await runner.redriven();
    await settle();
    expect(calls()).toBe(1);
    release();
    await settle();
    expect(store.types().filter((t) => t === 'TargetPoweredOn')).toHaveLength(1);
    await runner.stop();
  });

  it('given a subscription that delivers nothing, when the periodic re-drive comes, then the migration is carried on step by step', async () => {
    const store = new FlakyStore(atPowerOn);
    store.deaf = true;
    const { ports, release } = powerOnPorts();
    const log: string[] = [];
    const runner = new MigrationRunner(store, ports, { actor: 'service:appliance', onMigrationEnded: () => Promise.resolve(), log: (m) => log.push(m), redriveIntervalMs: 30 });
    await runner.start();
    await settle();
    release();
    for (let i = 0; i < 50 && !store.types().includes('MigrationCompleted'); i++) await settle();
    await runner.stop();
    expect(store.types().slice(atPowerOn.length)).toEqual(['TargetPoweredOn', 'MigrationCompleted']);
    expect(log).toContainEqual(`re-driving migration ${MIGRATION_ID} at target-powered-on: step CompleteMigration (periodic, every 30 ms)`);
  });

  it('given the store goes down under a step, when the step ends, then no failure is recorded and at the reconnect the step runs again and its outcome is stored once', async () => {
    const { store, storeLink, runner, calls, release, log } = await runnerAtPowerOn();
    storeLink.set(false);
    release();
    await settle();
    expect(log).toContainEqual(expect.stringContaining('not recorded, the event store is unreachable'));
    expect(log.join('\n')).not.toContain('ended without a recorded outcome');
    storeLink.set(true);
    await runner.redriven();
    await settle();
    expect(calls()).toBe(2);
    expect(log).toContainEqual(`re-driving migration ${MIGRATION_ID} at fixed-up: step PowerOnTarget (the event store is reachable again)`);
    release();
    await settle(50);
    expect(store.types().filter((t) => t === 'TargetPoweredOn' || t === 'MigrationFailed')).toEqual(['TargetPoweredOn']);
    await runner.stop();
  });
});
