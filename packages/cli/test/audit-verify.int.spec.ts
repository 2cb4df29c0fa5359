import { headers, type NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { JetStreamEventStore } from '@ferry/event-store';
import { startNatsSession, type NatsHandle, type NatsSession } from '@ferry/testing';
import { buildProgram } from '../src/main';

jest.setTimeout(60_000);

/** Runs `ferry <args>` in-process and captures what a user would see. */
async function ferryCli(...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = buildProgram({ out: (t) => (out += t), err: (t) => (err += t), exit: (c) => (code = c) });
  await program.parseAsync(['node', 'ferry', ...args]);
  return { code, out, err };
}

describe('ferry audit verify (real nats-server)', () => {
  let session: NatsSession;
  let nats: NatsHandle;
  let connection: NatsConnection;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    session = await startNatsSession();
    ({ nats, connection } = session);
    store = await JetStreamEventStore.open(connection);
  });
  afterAll(async () => session?.close());

  const ref = { aggregate: 'tally', id: 'cli-1' };
  const meta = (expectedVersion: number, commandId: string) => ({ expectedVersion, commandId, actor: 'operator:test', traceId: 't' });

  it('exits 0 and says intact on an untouched stream', async () => {
    const v1 = await store.append(ref, [{ type: 'TallyOpened', payload: Buffer.from('{}') }], meta(0, 'c1'));
    await store.append(ref, [{ type: 'AmountAdded', payload: Buffer.from('{"amount":1}') }], meta(v1.version, 'c2'));
    const result = await ferryCli('audit', 'verify', '--nats', nats.url);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^intact: FERRY_EVENTS has 2 messages, 2 events, 1 aggregates/);
  });

  it('exits 1 and prints one line naming subject and sequence of an altered event', async () => {
    // Copy the last event with its payload changed but its hash kept, appended directly to the subject.
    const loaded = await store.load(ref);
    const last = await (await connection.jetstreamManager()).streams.getMessage('FERRY_EVENTS', { seq: loaded.version });
    const batch = ferry.eventstore.v1.EventBatch.decode(last.data);
    batch.events[0]!.payload = Buffer.from('{"amount":1000}');
    batch.events[0]!.metadata!.prevHash = batch.events[0]!.hash; // chained correctly onto the real head
    const h = headers();
    h.set('Nats-Msg-Id', 'tampered-1');
    batch.events[0]!.metadata!.commandId = 'tampered-1';
    const ack = await connection.jetstream().publish('ferry.evt.tally.cli-1', ferry.eventstore.v1.EventBatch.encode(batch).finish(), { headers: h });

    const result = await ferryCli('audit', 'verify', '--nats', nats.url);
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^modified ferry\\.evt\\.tally\\.cli-1 seq ${ack.seq} event 0: AmountAdded: content hashes to`))]);

    const json = await ferryCli('audit', 'verify', '--nats', nats.url, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ intact: false, findings: [{ kind: 'modified', subject: 'ferry.evt.tally.cli-1', sequence: ack.seq, eventIndex: 0 }] });
  });

  it('fails with a usage error when --nats is missing', async () => {
    await expect(ferryCli('audit', 'verify')).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });
});
