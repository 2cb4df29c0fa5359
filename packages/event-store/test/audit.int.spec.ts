import { connect } from 'nats';
import { verifyAudit } from '../src';
import { command, event, openStoreFixture, type StoreFixture } from './helpers';
import { copyStream, forgeWithAlteredPayload, forgeWithPrevHash, publishRaw, randomHash } from './tamper';

jest.setTimeout(60_000);

const a = { aggregate: 'tally', id: 'a' };
const b = { aggregate: 'tally', id: 'b' };

/** Three decisions on a, two on b, interleaved; returns the versions in append order. */
async function writeHistory(fx: StoreFixture): Promise<number[]> {
  const v1 = await fx.store.append(a, [event('TallyOpened', { name: 'a' }), event('AmountAdded', { amount: 1 })], command(0));
  const v2 = await fx.store.append(b, [event('TallyOpened', { name: 'b' })], command(0));
  const v3 = await fx.store.append(a, [event('AmountAdded', { amount: 2 })], command(v1.version));
  const v4 = await fx.store.append(b, [event('AmountAdded', { amount: 5 })], command(v2.version));
  const v5 = await fx.store.append(a, [event('TallyClosed', { total: 3 })], command(v3.version));
  return [v1, v2, v3, v4, v5].map((r) => r.version);
}

const brief = (report: Awaited<ReturnType<typeof verifyAudit>>) => report.findings.map((f) => [f.kind, f.subject, f.sequence, f.eventIndex]);

describe('audit verification (real nats-server)', () => {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await openStoreFixture();
  });
  afterEach(async () => {
    await fx?.close();
  });

  it('passes on an intact stream', async () => {
    await writeHistory(fx);
    const report = await verifyAudit(fx.store);
    expect(report).toMatchObject({ intact: true, messages: 5, events: 6, aggregates: 2, lastSequence: 5, findings: [] });
  });

  it('names a crafted message with a bad prev hash (missing predecessor) and one chained onto an older event (reordered)', async () => {
    const [v1, , , , v5] = await writeHistory(fx);
    const js = fx.connection.jetstream();
    const forged = await publishRaw(js, 'ferry.evt.tally.a', forgeWithPrevHash(a, 'forged-1', randomHash()), 'forged-1', v5!);
    const firstHash = (await fx.store.load(a)).events[0]!.hash;
    const forkedOnto = await publishRaw(js, 'ferry.evt.tally.a', forgeWithPrevHash(a, 'forged-2', firstHash), 'forged-2', forged);
    // The library keeps appending after the forgery; that later event is not blamed.
    await fx.store.append(a, [event('AmountAdded', { amount: 1 })], command(forkedOnto));

    const report = await verifyAudit(fx.store);
    expect(report.intact).toBe(false);
    expect(brief(report)).toEqual([
      ['missing', 'ferry.evt.tally.a', forged, 0],
      ['reordered', 'ferry.evt.tally.a', forkedOnto, 0],
    ]);
    expect(report.findings[1]?.detail).toContain(`chains onto seq ${v1} event 0`);
  });

  it('names a message whose payload bytes differ from its hash', async () => {
    await writeHistory(fx);
    const head = (await fx.store.load(b));
    const js = fx.connection.jetstream();
    const altered = await publishRaw(js, 'ferry.evt.tally.b', forgeWithAlteredPayload(b, 'forged-3', head.events.at(-1)!.hash), 'forged-3', head.version);
    const report = await verifyAudit(fx.store);
    expect(brief(report)).toEqual([['modified', 'ferry.evt.tally.b', altered, 0]]);
    expect(report.findings[0]?.detail).toMatch(/content hashes to [0-9a-f]{12} but the stored hash is [0-9a-f]{12}/);
  });

  it('names the event after a removed one, in a copy of the stream that skips one message', async () => {
    await writeHistory(fx);
    const copyServer = await openStoreFixture();
    try {
      // Drop seq 3 (a's second decision): in the copy, a's last decision lands at seq 4.
      await copyStream(fx.store, copyServer.connection, (all) => all.filter((m) => m.seq !== 3));
      const report = await verifyAudit(copyServer.store);
      expect(brief(report)).toEqual([['missing', 'ferry.evt.tally.a', 4, 0]]);
    } finally {
      await copyServer.close();
    }
  });

  it('reports events whose order was swapped in a copy as reordered', async () => {
    await writeHistory(fx);
    const copyServer = await openStoreFixture();
    try {
      await copyStream(fx.store, copyServer.connection, (all) => [all[0]!, all[1]!, all[4]!, all[3]!, all[2]!]);
      const report = await verifyAudit(copyServer.store);
      expect(report.findings.every((f) => f.kind === 'reordered' && f.subject === 'ferry.evt.tally.a')).toBe(true);
      expect(report.findings.map((f) => f.sequence).sort()).toEqual([3, 5]);
    } finally {
      await copyServer.close();
    }
  });

  it('reads a stream over a plain connection without creating anything', async () => {
    await writeHistory(fx);
    const other = await connect({ servers: fx.nats.url });
    try {
      expect((await verifyAudit(other)).intact).toBe(true);
      await expect(verifyAudit(other, { streamName: 'NO_SUCH_STREAM' })).rejects.toThrow(/NO_SUCH_STREAM does not exist/);
    } finally {
      await other.close();
    }
  });
});
