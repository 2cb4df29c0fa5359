import { handleCommand, ProjectionRunner } from '../src';
import { openStoreFixture, type StoreFixture } from './helpers';
import { tallyCodec, tallyDecider, type TallyCommand } from './tally';
import { TallyTotalsProjection } from './tally-totals-projection';

jest.setTimeout(60_000);

describe('projections (real nats-server)', () => {
  let fx: StoreFixture;
  let live: ProjectionRunner | undefined;
  beforeAll(async () => {
    fx = await openStoreFixture();
  });
  afterAll(async () => {
    await live?.stop();
    await fx?.close();
  });

  const run = (id: string, command: TallyCommand, n: number) =>
    handleCommand(fx.store, { aggregate: 'tally', id }, tallyDecider, tallyCodec, command, { commandId: `${id}-${n}`, actor: 'operator:test', traceId: 't' });

  it('a projection rebuilt from zero equals the live one that followed every append', async () => {
    const liveProjection = new TallyTotalsProjection();
    live = new ProjectionRunner(fx.store, liveProjection);
    await live.start();
    for (const id of ['a', 'b', 'c']) await run(id, { type: 'OpenTally', data: { name: id } }, 0);
    // Writers on different aggregates interleave; the projection sees one ordered stream.
    await Promise.all(['a', 'b', 'c'].map(async (id, k) => {
      for (let n = 1; n <= 5; n++) await run(id, { type: 'AddAmount', data: { amount: n * (k + 1) } }, n);
    }));
    await run('b', { type: 'CloseTally' }, 99);
    await live.caughtUp();

    const rebuiltProjection = new TallyTotalsProjection();
    const rebuilt = new ProjectionRunner(fx.store, rebuiltProjection);
    await rebuilt.rebuild();
    await rebuilt.stop();

    expect(liveProjection.snapshot()).toEqual({
      a: { status: 'open', total: 15, lastSequence: expect.any(Number) },
      b: { status: 'closed', total: 30, lastSequence: expect.any(Number) },
      c: { status: 'open', total: 45, lastSequence: expect.any(Number) },
    });
    expect(rebuiltProjection.snapshot()).toEqual(liveProjection.snapshot());
    expect(rebuilt.position).toBe(live.position);

    // Rebuilding the live projection in place gives the same rows again, and it keeps following.
    const before = liveProjection.snapshot();
    await live.rebuild();
    expect(liveProjection.snapshot()).toEqual(before);
    await run('a', { type: 'AddAmount', data: { amount: 100 } }, 100);
    await live.caughtUp();
    expect(liveProjection.rows.get('a')?.total).toBe(115);
  });

  it('a runner restarted from its checkpoint continues without re-applying', async () => {
    const projection = new TallyTotalsProjection();
    const runner = new ProjectionRunner(fx.store, projection);
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    await run('d', { type: 'OpenTally', data: { name: 'd' } }, 0);
    await run('d', { type: 'AddAmount', data: { amount: 7 } }, 1);
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    expect(projection.rows.get('d')).toMatchObject({ status: 'open', total: 7 });
    expect(projection.rows.get('a')?.total).toBe(115);
  });

  it('handleCommand retries on ConcurrencyError by reloading: concurrent adds on one tally all land', async () => {
    await run('e', { type: 'OpenTally', data: { name: 'e' } }, 0);
    await Promise.all([1, 2, 3, 4].map((n) => run('e', { type: 'AddAmount', data: { amount: n } }, n)));
    const loaded = await fx.store.load({ aggregate: 'tally', id: 'e' });
    const total = loaded.events.map((e) => tallyCodec.decode(e.type, e.payload)).reduce((sum, e) => sum + (e.type === 'AmountAdded' ? e.data.amount : 0), 0);
    expect(total).toBe(10);
  });
});
