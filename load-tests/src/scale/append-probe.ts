// bench:scale's headroom probe: how many appends per second the event store's own append path takes
// on a fresh 3-node nats-server cluster with FERRY_EVENTS at R3 on this machine, so the rate the plan
// needed can be set beside what the store could take. Like the appliance, each writer owns one
// aggregate and appends to it one decision at a time (expected sequence, command id); several
// writers run at once. The events are not signed (signing is the appliance's, not the server's, cost).
import { JetStreamEventStore } from '@ferry/event-store';
import { startNatsCluster } from '@ferry/testing';

/** One probe level. */
export interface AppendProbeFigures {
  readonly writers: number;
  readonly appends: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** Runs each writer count for `seconds` on one cluster; `eventBytes` is the payload of each appended event. */
export async function probeAppends(writerCounts: readonly number[], seconds: number, eventBytes: number): Promise<AppendProbeFigures[]> {
  const cluster = await startNatsCluster({ nodes: 3 });
  const connection = await cluster.connect('appliance');
  try {
    const store = await JetStreamEventStore.open(connection, { replicas: 3 });
    const payload = Buffer.alloc(eventBytes, 'x');
    const figures: AppendProbeFigures[] = [];
    for (const [level, writers] of writerCounts.entries()) {
      const latencies: number[] = [];
      const until = Date.now() + seconds * 1000;
      const writer = async (w: number): Promise<void> => {
        const stream = { aggregate: 'migration', id: `probe-${level}-${w}` };
        for (let version = 0, i = 0; Date.now() < until; i++) {
          const started = performance.now();
          version = (await store.append(stream, [{ type: 'ProbeAppended', payload }], { expectedVersion: version, commandId: `probe-${level}-${w}-${i}`, actor: 'service:bench-scale', traceId: '0'.repeat(31) + '1' })).version;
          latencies.push(performance.now() - started);
        }
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      const sorted = latencies.sort((a, b) => a - b);
      figures.push({ writers, appends: sorted.length, perSecond: Math.round(sorted.length / ((Date.now() - started) / 1000)), p50Ms: Number(percentile(sorted, 0.5).toFixed(1)), p99Ms: Number(percentile(sorted, 0.99).toFixed(1)) });
    }
    return figures;
  } finally {
    await connection.close();
    await cluster.stop();
  }
}
