// Cluster mode (docs/event-store.md, "Cluster mode"): FERRY_EVENTS at R3 on a 3-node cluster of
// Debian's nats-server, with the site's TLS and identities; the store keeps taking appends and loses
// none when one node is killed, and the node catches up after its restart.
import { connect, type NatsConnection } from 'nats';
import { startNatsCluster, startPlainNats, type NatsClusterHandle } from '@ferry/testing';
import { JetStreamEventStore, verifyAudit } from '../src';
import { command, event } from './helpers';

jest.setTimeout(120_000);

describe('the event store on a 3-node nats-server cluster', () => {
  let cluster: NatsClusterHandle;
  let connection: NatsConnection;

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    connection = await cluster.connect('appliance');
  });

  afterAll(async () => {
    await connection?.close();
    await cluster?.stop();
  });

  it('given replicas 3, when opened and a node is killed mid-way, then every acknowledged append is kept on three copies and the audit is intact', async () => {
    const store = await JetStreamEventStore.open(connection, { replicas: 3 });
    const jsm = await connection.jetstreamManager();
    const info = await jsm.streams.info('FERRY_EVENTS');
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    // The appliance's identity may append migration events only.
    const ref = { aggregate: 'migration', id: 'cluster-1' };
    let version = 0;
    for (let i = 0; i < 20; i++) version = (await store.append(ref, [event('AmountAdded', { amount: 1 })], command(version))).version;

    // Kill the stream's leader: the other two elect a new one and go on taking appends.
    const leaderName = info.cluster?.leader;
    const victim = cluster.nodes.find((_, i) => `ferry-nats-${i + 1}` === leaderName) ?? cluster.nodes[0]!;
    await victim.kill9();
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      for (;;) {
        try {
          version = (await store.append(ref, [event('AmountAdded', { amount: 1 })], command(version, `cluster-1-after-${i}`))).version;
          break;
        } catch (error) {
          // While the two left elect a stream leader (a few seconds) an append times out; the same command id is retried.
          if (Date.now() - started > 30_000) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }
    process.stdout.write(`cluster mode: first append after kill -9 of stream leader ${leaderName} took ${Date.now() - started} ms for 20 appends\n`);
    expect((await store.load(ref)).events).toHaveLength(40);
    // With the node still down, bounded reads go on answering at once: they make no consumer on a replicated stream
    // (through short-lived consumers about half of them timed out on 2.9.10; docs/event-store.md, "Cluster mode").
    const readsStarted = Date.now();
    for (let i = 0; i < 6; i++) {
      expect((await store.load(ref)).events).toHaveLength(40);
      let replayed = 0;
      for await (const batch of store.replayAll()) replayed += batch.events.length;
      expect(replayed).toBe(40);
    }
    const readsMs = Date.now() - readsStarted;
    process.stdout.write(`cluster mode: 6 loads and 6 replays of 40 events with a node down took ${readsMs} ms\n`);
    // A live subscription follows too (it makes no consumer either: follow-by-gets.ts).
    const delivered: number[] = [];
    const subscription = await store.subscribe(version + 1, async (batch) => void delivered.push(batch.sequence));
    for (let i = 0; i < 3; i++) version = (await store.append(ref, [event('AmountAdded', { amount: 1 })], command(version))).version;
    for (const deadline = Date.now() + 10_000; delivered.length < 3 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    expect(delivered).toEqual([version - 2, version - 1, version]);

    await victim.restart();
    // The restarted node catches up from the others: every replica current again.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const replicas = (await jsm.streams.info('FERRY_EVENTS')).cluster?.replicas ?? [];
      if (replicas.length === 2 && replicas.every((r) => r.current)) break;
      if (Date.now() > deadline) throw new Error(`replicas not current 30 s after the restart: ${JSON.stringify(replicas)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const report = await verifyAudit(store);
    expect(report.findings).toEqual([]);
  });
});

describe('a cluster-mode service on a single-node stream', () => {
  it('given FERRY_EVENTS at R1, when a store asks for 3 copies, then it refuses naming NATS_STREAM_REPLICAS and the fix; the default 1 opens it', async () => {
    const nats = await startPlainNats();
    const connection = await connect({ servers: nats.url });
    try {
      await JetStreamEventStore.open(connection);
      await expect(JetStreamEventStore.open(connection, { replicas: 3 })).rejects.toThrow(
        /stream FERRY_EVENTS has 1 replica\(s\) but 3 were asked for \(NATS_STREAM_REPLICAS\); have an administrator raise the stream's replicas \(nats stream edit FERRY_EVENTS --replicas 3/,
      );
      await expect(JetStreamEventStore.open(connection, { replicas: 1 })).resolves.toBeDefined();
    } finally {
      await connection.close();
      await nats.stop();
    }
  });
});
