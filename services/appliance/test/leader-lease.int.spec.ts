// The leader lease on Debian's nats-server, as the appliance's NATS identity: of two replicas exactly
// one leads; when the leader dies the other takes over within the TTL and a few ticks, and the dead
// leader's fence closed before the new term began; a clean stop hands over at once.
import type { NatsConnection } from 'nats';
import { startNats, type NatsHandle } from '@ferry/testing';
import { LeaderLease, openLeaseStore } from '../src/leadership';

jest.setTimeout(60_000);

const TTL_MS = 2000;

interface Replica {
  readonly name: string;
  readonly lease: LeaderLease;
  readonly connection: NatsConnection;
  /** Each term it led, with when it started and when it stopped leading (ms since epoch). */
  readonly terms: { term: number; from: number; to?: number }[];
}

async function replica(nats: NatsHandle, name: string): Promise<Replica> {
  const connection = await nats.connect('appliance');
  const terms: Replica['terms'] = [];
  const lease = new LeaderLease(await openLeaseStore(connection, 1), {
    self: name,
    ttlMs: TTL_MS,
    log: () => undefined,
    onLeading: (term) => terms.push({ term, from: Date.now() }),
    onFollowing: () => {
      const last = terms.at(-1);
      if (last) last.to = Date.now();
    },
  });
  await lease.start();
  return { name, lease, connection, terms };
}

async function until(check: () => boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > withinMs) throw new Error(`${what} did not happen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

describe('the appliance leader lease in JetStream KV', () => {
  let nats: NatsHandle;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    nats = await startNats();
  });

  afterAll(async () => {
    for (const r of replicas) {
      await r.lease.stop().catch(() => undefined);
      await r.connection.close().catch(() => undefined);
    }
    await nats?.stop();
  });

  it('given two replicas, when one dies without a word, then the other leads within TTL + 2 ticks, after the dead one\'s fence closed; a clean stop hands over at once', async () => {
    const a = await replica(nats, 'replica-a');
    const b = await replica(nats, 'replica-b');
    replicas.push(a, b);
    expect(a.lease.term()).toBe(1);
    expect(b.lease.term()).toBeUndefined();
    // Several renewals later nothing changed: one leader, in term 1.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS * 1.5));
    expect([a.lease.term(), b.lease.term()]).toEqual([1, undefined]);

    // a's process dies: its connection goes away and it renews no more.
    await a.connection.close();
    const died = Date.now();
    const failoverMs = await until(() => b.lease.term() !== undefined, TTL_MS * 3, 'the takeover');
    process.stdout.write(`leader lease: takeover ${failoverMs} ms after the leader died (TTL ${TTL_MS} ms)\n`);
    expect(b.lease.term()).toBe(2);
    expect(failoverMs).toBeLessThanOrEqual(TTL_MS + (2 * TTL_MS) / 8 + 500);
    // Fencing: a's term 1 closed (on its own clock) before b's term 2 began.
    expect(a.lease.holds(1)).toBe(false);
    expect(a.terms[0]?.to).toBeDefined();
    expect(a.terms[0]!.to!).toBeLessThanOrEqual(b.terms[0]!.from);
    expect(a.terms[0]!.to! - died).toBeLessThan(TTL_MS);

    // A new replica joins, then b stops cleanly: it releases the lease and c takes it at its next tick.
    const c = await replica(nats, 'replica-c');
    replicas.push(c);
    expect(c.lease.term()).toBeUndefined();
    await b.lease.stop();
    const handoverMs = await until(() => c.lease.term() !== undefined, TTL_MS, 'the hand-over after a clean stop');
    process.stdout.write(`leader lease: hand-over ${handoverMs} ms after a clean stop\n`);
    expect(c.lease.term()).toBe(3);
    expect(b.lease.holds(2)).toBe(false);
  });
});
