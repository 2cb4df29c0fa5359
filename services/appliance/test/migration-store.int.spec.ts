import type { NatsConnection } from 'nats';
import { ConcurrencyError } from '@ferry/errors';
import type { EventStore } from '@ferry/event-store';
import { foldEvents, handleCommand, JetStreamEventStore, verifyAudit } from '@ferry/event-store';
import { startNatsSession, type NatsSession } from '@ferry/testing';
import { migrationCodec, migrationDecider, migrationStream, Step, type MigrationCommand } from '../src/migration';
import { nextEffect } from '../src/orchestration';
import { cmd, MIGRATION_ID } from './fixtures/migration';

jest.setTimeout(60_000);

describe('migration aggregate on the real event store (nats-server JetStream)', () => {
  let session: NatsSession;
  let connection: NatsConnection;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    session = await startNatsSession();
    connection = session.connection;
    store = await JetStreamEventStore.open(connection);
  });
  afterAll(async () => session?.close());

  const stream = migrationStream(MIGRATION_ID);
  const send = (command: MigrationCommand) =>
    handleCommand(store, stream, migrationDecider, migrationCodec, command, {
      commandId: command.data.meta.commandId,
      actor: 'service:appliance',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      occurredAt: new Date(command.data.meta.at),
    });
  const reload = async () => foldEvents(migrationDecider, (await store.load(stream)).events.map((e) => migrationCodec.decode(e.type, e.payload)));

  it('drives a cold migration through a failed copy, a retry and completion; reloads it; the audit chain is intact', async () => {
    const commands = [
      cmd.plan(1), cmd.validate(2), cmd.poweredOff(3),
      cmd.startCopy(4, '2000'), cmd.startCopy(5, '2001'), cmd.progress(6, '2001', 2 ** 30), cmd.completeCopy(7, '2000'),
      cmd.fail(8, Step.CopyDisks, 'interconnect to cloud-manager lost; check the link and retry'),
      cmd.retry(9), cmd.startCopy(10, '2001'), cmd.completeCopy(11, '2001'),
      cmd.targetCreated(12), cmd.fixup(13), cmd.poweredOn(14), cmd.complete(15),
    ];
    const effects: string[] = [];
    for (const command of commands) {
      const result = await send(command);
      expect(result.duplicate).toBe(false);
      const last = result.events.at(-1);
      const effect = last ? nextEffect(await reload(), last) : undefined;
      if (effect) effects.push(effect.kind);
    }
    expect(effects).toEqual(['ValidateSource', 'PowerOffSource', 'CopyDisks', 'CopyDisks', 'CreateTargetVm', 'RunFixup', 'PowerOnTarget', 'CompleteMigration']);

    // A re-delivered command (same id) is stored once.
    const again = await send(cmd.complete(15));
    expect(again.duplicate || again.events.length === 0).toBe(true);

    const state = await reload();
    expect(state.phase).toBe('completed');
    if (state.phase !== 'completed') return;
    expect(state.facts.attempt).toBe(2);
    expect(state.facts.copies['2001']?.completed).toBe(true);
    expect(state.durationMillis).toBe(14_000);
    expect(state.downtimeMillis).toBe(11_000);
    const loaded = await store.load(stream);
    expect(loaded.events.map((e) => e.type)).toContain('MigrationRetried');
    expect(loaded.events.every((e) => e.actor === 'service:appliance')).toBe(true);

    const report = await verifyAudit(store);
    expect(report).toMatchObject({ intact: true, findings: [], events: loaded.events.length });
  });

  it('a writer that saw an older version retries on ConcurrencyError and decides against the newer state', async () => {
    const id = 'mig-race';
    const s = migrationStream(id);
    const plan = cmd.plan(1);
    const withId = <C extends MigrationCommand>(c: C, commandId: string): C => ({ ...c, data: { ...c.data, meta: { ...c.data.meta, migrationId: id, commandId } } });
    // The real store, counting the appends it refused as stale.
    let conflicts = 0;
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async (...args: Parameters<EventStore['append']>) => {
        try {
          return await store.append(...args);
        } catch (error) {
          if (error instanceof ConcurrencyError) conflicts++;
          throw error;
        }
      },
    });
    const ctx = (commandId: string) => ({ commandId, actor: 'service:appliance', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    await handleCommand(store, s, migrationDecider, migrationCodec, withId(plan, 'race-1'), ctx('race-1'));
    // Two deliveries of validation with different ids race: both load version 1; one wins, the
    // other reloads, sees the migration validated and decides nothing.
    const [a, b] = await Promise.all([
      handleCommand(counting, s, migrationDecider, migrationCodec, withId(cmd.validate(2), 'race-2'), ctx('race-2')),
      handleCommand(counting, s, migrationDecider, migrationCodec, withId(cmd.validate(3), 'race-3'), ctx('race-3')),
    ]);
    expect(conflicts).toBe(1);
    expect([a.events.length, b.events.length].sort()).toEqual([0, 1]);
    const loaded = await store.load(s);
    expect(loaded.events.map((e) => e.type)).toEqual(['MigrationPlanned', 'MigrationValidated']);
    expect((await verifyAudit(store)).intact).toBe(true);
  });
});
