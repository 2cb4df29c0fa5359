import { ConcurrencyError } from '@ferry/errors';
import { command, event, openStoreFixture, type StoreFixture } from './helpers';

jest.setTimeout(60_000);

describe('JetStreamEventStore append and load (real nats-server)', () => {
  let fx: StoreFixture;
  beforeAll(async () => {
    fx = await openStoreFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('stores one message per decision with all its events, chained by hash, and loads them back', async () => {
    const ref = { aggregate: 'tally', id: 'load-1' };
    const first = await fx.store.append(ref, [event('TallyOpened', { name: 'a' }), event('AmountAdded', { amount: 2 })], command(0));
    const second = await fx.store.append(ref, [event('AmountAdded', { amount: 3 })], command(first.version));
    const loaded = await fx.store.load(ref);

    expect(loaded.version).toBe(second.version);
    expect(loaded.events.map((e) => [e.type, e.sequence, e.index])).toEqual([
      ['TallyOpened', first.version, 0],
      ['AmountAdded', first.version, 1],
      ['AmountAdded', second.version, 0],
    ]);
    expect(loaded.events[0]?.prevHash).toHaveLength(0);
    expect(loaded.events[1]?.prevHash).toEqual(loaded.events[0]?.hash);
    expect(loaded.events[2]?.prevHash).toEqual(loaded.events[1]?.hash);
    expect(loaded.events[2]).toMatchObject({ actor: 'operator:test', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', aggregate: 'tally', id: 'load-1' });
    const info = await (await fx.connection.jetstreamManager()).streams.info('FERRY_EVENTS');
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true, discard: 'new', storage: 'file', max_age: 0, num_replicas: 1 });
  });

  it('loads an aggregate that has no events as version 0', async () => {
    await expect(fx.store.load({ aggregate: 'tally', id: 'never-written' })).resolves.toEqual({ events: [], version: 0 });
  });

  it('lets exactly one of two appends racing with the same expected version win; the other gets ConcurrencyError', async () => {
    const ref = { aggregate: 'tally', id: 'race-1' };
    const opened = await fx.store.append(ref, [event('TallyOpened', { name: 'race' })], command(0));
    const results = await Promise.allSettled([
      fx.store.append(ref, [event('AmountAdded', { amount: 1 })], command(opened.version)),
      fx.store.append(ref, [event('AmountAdded', { amount: 2 })], command(opened.version)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConcurrencyError);
    expect((await fx.store.load(ref)).events).toHaveLength(2);
  });

  it('rejects creating an aggregate twice (expected version 0) with ConcurrencyError', async () => {
    const ref = { aggregate: 'tally', id: 'create-twice' };
    await fx.store.append(ref, [event('TallyOpened', { name: 'x' })], command(0));
    await expect(fx.store.append(ref, [event('TallyOpened', { name: 'y' })], command(0))).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('stores a retried command once and reports the retry as a duplicate of the original sequence', async () => {
    const ref = { aggregate: 'tally', id: 'retry-1' };
    const cmd = command(0, 'open-retry-1');
    const original = await fx.store.append(ref, [event('TallyOpened', { name: 'r' })], cmd);
    const retry = await fx.store.append(ref, [event('TallyOpened', { name: 'r' })], cmd);
    expect(original.duplicate).toBe(false);
    expect(retry).toEqual({ version: original.version, duplicate: true });
    const loaded = await fx.store.load(ref);
    expect(loaded.events).toHaveLength(1);
    expect(loaded.version).toBe(original.version);
  });
});
