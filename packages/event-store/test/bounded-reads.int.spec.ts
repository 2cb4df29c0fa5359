import { AckPolicy, connect, type JetStreamManager } from 'nats';
import { IntegrityError } from '@ferry/errors';
import { JetStreamEventStore, verifyAudit, type StreamRef } from '../src';
import { READ_CONSUMER_IDLE_MS, READ_CONSUMER_PREFIX } from '../src/read-consumer';
import { SHORT_READ_LIMIT, readStream } from '../src/stream-reader';
import { command, event, openStoreFixture, type StoreFixture } from './helpers';
import { pollConsumers, streamConsumers } from './jsz';
import { publishRaw } from './tamper';

jest.setTimeout(120_000);

const STREAM = 'FERRY_EVENTS';
const READS = 10_000;
const WIDTH = 20;
/** A migration with a few dozen decisions (copy checkpoints): longer than SHORT_READ_LIMIT, so each load uses a consumer. */
const POLLED_DECISIONS = 40;
const SHORT_DECISIONS = SHORT_READ_LIMIT - 3;

/** Appends `decisions` one-event decisions to a new aggregate; returns their sequences. */
async function writeAggregate(fx: StoreFixture, ref: StreamRef, decisions: number): Promise<number[]> {
  const sequences: number[] = [];
  let version = 0;
  for (let i = 0; i < decisions; i++) {
    version = (await fx.store.append(ref, [event(i === 0 ? 'TallyOpened' : 'AmountAdded', { i })], command(version))).version;
    sequences.push(version);
  }
  return sequences;
}

/** Runs `total` tasks, at most `width` at a time. */
async function inParallel(total: number, width: number, task: () => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const readConsumers = (consumers: string[]) => consumers.filter((name) => name.startsWith(READ_CONSUMER_PREFIX));

describe('bounded reads leave no consumer on the server (real nats-server)', () => {
  let fx: StoreFixture;
  let jsm: JetStreamManager;
  /** The consumers on FERRY_EVENTS before any bounded read: one durable consumer. */
  let baseline: string[];
  const short = { aggregate: 'tally', id: 'short' };
  const polled = { aggregate: 'tally', id: 'polled' };
  /** Longer than one pull, so a read can be cut between two pulls. */
  const long = { aggregate: 'tally', id: 'long' };
  let longSequences: number[];

  const consumersNow = () => streamConsumers(fx.nats.monitorPort, STREAM);

  beforeAll(async () => {
    fx = await openStoreFixture();
    jsm = await fx.connection.jetstreamManager();
    await writeAggregate(fx, short, SHORT_DECISIONS);
    await writeAggregate(fx, polled, POLLED_DECISIONS);
    longSequences = await writeAggregate(fx, long, 300);
    // A long-lived consumer (a projection's): reads must leave it alone and add nothing.
    await jsm.consumers.add(STREAM, { durable_name: 'projection', ack_policy: AckPolicy.Explicit });
    baseline = await consumersNow();
    expect(baseline).toEqual(['projection']);
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** READS loads of `ref`, WIDTH at a time; returns the most consumers the server held meanwhile (sampled every 20 ms). */
  async function pollLoads(ref: StreamRef, events: number): Promise<{ peak: number }> {
    const before = await consumersNow();
    let peak = before.length;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, (await consumersNow()).length);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let wrong = 0;
    const started = performance.now();
    await inParallel(READS, WIDTH, async () => {
      if ((await fx.store.load(ref)).events.length !== events) wrong++;
    });
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const after = await consumersNow();
    console.log(
      `bounded reads: ${READS} loads of a ${events}-decision aggregate, ${WIDTH} at a time, in ${seconds.toFixed(1)} s ` +
        `(${Math.round(READS / seconds)}/s); FERRY_EVENTS consumers before ${before.length}, at most ${peak} during, after ${after.length}`,
    );
    expect(wrong).toBe(0);
    expect(after).toEqual(before);
    return { peak };
  }

  it(`${READS} loads of a ${POLLED_DECISIONS}-decision aggregate leave the FERRY_EVENTS consumers as they were`, async () => {
    await pollLoads(polled, POLLED_DECISIONS);
  });

  it(`${READS} loads of a ${SHORT_DECISIONS}-decision aggregate never make a consumer`, async () => {
    const { peak } = await pollLoads(short, SHORT_DECISIONS);
    expect(peak).toBe(baseline.length);
  });

  it('replayAll and the audit, read to the end, leave nothing', async () => {
    let batches = 0;
    for await (const _batch of fx.store.replayAll()) batches++;
    expect(batches).toBe(await fx.store.lastSequence());
    expect((await verifyAudit(fx.store)).intact).toBe(true);
    expect(await consumersNow()).toEqual(baseline);
  });

  it('a reader that stops midway leaves nothing', async () => {
    let batches = 0;
    for await (const _batch of fx.store.replayAll()) {
      if (++batches === SHORT_READ_LIMIT + 5) break;
    }
    expect(await consumersNow()).toEqual(baseline);
  });

  it('a load that fails midway on a damaged message leaves nothing', async () => {
    const damaged = { aggregate: 'tally', id: 'damaged' };
    const sequences = await writeAggregate(fx, damaged, SHORT_READ_LIMIT + 4);
    const garbage = Buffer.from('not an event batch');
    await publishRaw(fx.connection.jetstream(), 'ferry.evt.tally.damaged', garbage, 'damage-1', sequences.at(-1)!);
    await expect(fx.store.load(damaged)).rejects.toBeInstanceOf(IntegrityError);
    expect(await consumersNow()).toEqual(baseline);
  });

  it('a reader slower than the idle threshold still gets every message, in order, and leaves nothing', async () => {
    const seen: number[] = [];
    const range = { filter: 'ferry.evt.tally.long', fromSequence: 1, untilSequence: longSequences.at(-1)! };
    for await (const message of readStream(jsm, STREAM, range, { idleMs: 1_000 })) {
      seen.push(message.seq);
      // The server drops the consumer during this pause; the read goes on with a new one.
      if (seen.length === 20) await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    expect(seen).toEqual(longSequences);
    expect(await consumersNow()).toEqual(baseline);
  });

  it('a read whose connection closes midway fails, and the server drops its consumer within the idle threshold', async () => {
    const connection = await connect({ servers: fx.nats.url });
    const store = await JetStreamEventStore.open(connection);
    let batches = 0;
    const reading = (async () => {
      for await (const _batch of store.replayAll()) {
        if (++batches === 20) await connection.close();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    const left = readConsumers(await consumersNow());
    const gone = (now: string[]) => readConsumers(now).length === 0;
    const { consumers, ms } = await pollConsumers(fx.nats.monitorPort, STREAM, gone, READ_CONSUMER_IDLE_MS + 5_000);
    console.log(
      `closed connection: the read failed after ${batches} of ${await fx.store.lastSequence()} messages; ` +
        `read consumers left on FERRY_EVENTS ${left.length} at once, ${readConsumers(consumers).length} ` +
        `${(ms / 1000).toFixed(1)} s later (idle threshold ${READ_CONSUMER_IDLE_MS / 1000} s)`,
    );
    expect(consumers).toEqual(baseline);
  });
});
