// What bench:scale reads from the event store and the NATS cluster: FERRY_EVENTS' message and byte
// counts (one message per append), and each node's JetStream totals from its monitor (/jsz), whose
// consumer count shows whether consumers pile up with the migrations, and whose JetStream API counts show
// how many requests (reads, mostly) the site made for its appends.
import type { FerrySite } from '@ferry/testing';

/** FERRY_EVENTS at one moment. */
export interface StreamFigures {
  readonly messages: number;
  readonly bytes: number;
  readonly replicas: number;
  /** Messages per aggregate kind (the <aggregate> of ferry.evt.<aggregate>.<id>). */
  readonly byAggregate: Readonly<Record<string, number>>;
}

/** One node's JetStream totals (/jsz). */
export interface NodeFigures {
  readonly streams: number;
  readonly consumers: number;
  readonly messages: number;
  readonly bytes: number;
  /** JetStream API requests this node answered since it started, and how many of them were errors ("no message found" among them). */
  readonly apiRequests: number;
  readonly apiErrors: number;
}

/** FERRY_EVENTS' state, read as the auditor identity. */
export async function eventStream(site: FerrySite): Promise<StreamFigures> {
  const nc = await site.nats.connect('auditor');
  try {
    const info = await (await nc.jetstreamManager()).streams.info('FERRY_EVENTS', { subjects_filter: '>' });
    const byAggregate: Record<string, number> = {};
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      const aggregate = subject.split('.')[2] ?? subject;
      byAggregate[aggregate] = (byAggregate[aggregate] ?? 0) + count;
    }
    return { messages: info.state.messages, bytes: info.state.bytes, replicas: info.config.num_replicas, byAggregate };
  } finally {
    await nc.close();
  }
}

/** /jsz of every node of the cluster (or of the one server). */
export async function nodeFigures(site: FerrySite): Promise<NodeFigures[]> {
  const nodes = 'nodes' in site.nats ? (site.nats as { nodes: FerrySite['nats'][] }).nodes : [site.nats];
  return Promise.all(nodes.map(async (node) => {
    const reply = await fetch(`http://127.0.0.1:${node.monitorPort}/jsz`);
    if (!reply.ok) throw new Error(`nats-server monitor on port ${node.monitorPort} answered ${reply.status} to /jsz`);
    const jsz = (await reply.json()) as Partial<Omit<NodeFigures, 'apiRequests' | 'apiErrors'>> & { api?: { total?: number; errors?: number } };
    return { streams: jsz.streams ?? 0, consumers: jsz.consumers ?? 0, messages: jsz.messages ?? 0, bytes: jsz.bytes ?? 0, apiRequests: jsz.api?.total ?? 0, apiErrors: jsz.api?.errors ?? 0 };
  }));
}

/** Polls every node's consumer count every `everyMs` until stop(), which gives the most seen on any node. */
export function sampleConsumers(site: FerrySite, everyMs: number): { stop(): Promise<number> } {
  let peak = 0;
  let pending: Promise<void> = Promise.resolve();
  const sample = (): void => {
    pending = pending.then(async () => {
      const nodes = await nodeFigures(site).catch(() => []);
      peak = Math.max(peak, ...nodes.map((n) => n.consumers));
    });
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      sample();
      await pending;
      return peak;
    },
  };
}
