/**
 * The latest cloud-cache summaries as Prometheus series on the appliance's ops /metrics, one per
 * volume, read from the store at scrape time. Counters are the cache's cumulative figures (they
 * restart from zero when the cache process restarts, which Prometheus' rate() handles as a reset).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheSummaries, ReceivedSummary } from './cache-summaries';
import { num } from './summary-validation';

type Read = (r: ReceivedSummary) => number;

export function registerCacheSummaryMetrics(registry: Registry, store: CacheSummaries, clock: () => number = Date.now): void {
  const perVolume = (kind: 'counter' | 'gauge', name: string, help: string, value: Read): void => {
    const collect = function (this: Counter | Gauge): void {
      this.reset();
      for (const r of store.list()) {
        if (this instanceof Counter) this.inc({ volume: r.summary.volumeId }, value(r));
        else this.set({ volume: r.summary.volumeId }, value(r));
      }
    };
    if (kind === 'counter') new Counter({ name, help, labelNames: ['volume'], registers: [registry], collect });
    else new Gauge({ name, help, labelNames: ['volume'], registers: [registry], collect });
  };
  perVolume('gauge', 'ferry_cache_hit_ratio', 'Share of reads served without an on-demand fetch (latest cloud-cache summary)', (r) => r.summary.hitRatio);
  perVolume('counter', 'ferry_cache_read_ops_total', 'Read commands the cache served', (r) => num(r.summary.readOps));
  perVolume('counter', 'ferry_cache_write_ops_total', 'Write commands the cache served', (r) => num(r.summary.writeOps));
  perVolume('counter', 'ferry_cache_read_bytes_total', 'Bytes initiators read from the cache', (r) => num(r.summary.readBytes));
  perVolume('counter', 'ferry_cache_write_bytes_total', 'Bytes initiators wrote to the cache', (r) => num(r.summary.writeBytes));
  perVolume('counter', 'ferry_cache_ondemand_fetches_total', 'Chunks fetched on demand', (r) => num(r.summary.onDemandFetches));
  perVolume('gauge', 'ferry_cache_hydration_ratio', 'Chunks present in the cache out of all chunks of the volume', (r) => {
    const total = num(r.summary.chunksTotal);
    return total > 0 ? num(r.summary.chunksPresent) / total : 1;
  });
  perVolume('gauge', 'ferry_cache_written_since_creation_bytes', 'Bytes of chunks written since the volume was created (what migrate-back ships)', (r) => num(r.summary.writtenBytesSinceCreation));
  perVolume('gauge', 'ferry_cache_summary_age_seconds', 'Seconds since the latest summary of the volume arrived', (r) => (clock() - r.receivedAt) / 1000);
  new Gauge({
    name: 'ferry_cache_fetch_latency_ms', help: 'On-demand fetch latency percentiles over the recent fetches (latest cloud-cache summary)',
    labelNames: ['volume', 'quantile'], registers: [registry],
    collect() {
      this.reset();
      for (const { summary: s } of store.list()) {
        const l = s.fetchLatency;
        this.set({ volume: s.volumeId, quantile: '0.5' }, l?.p50Ms ?? 0);
        this.set({ volume: s.volumeId, quantile: '0.95' }, l?.p95Ms ?? 0);
        this.set({ volume: s.volumeId, quantile: '0.99' }, l?.p99Ms ?? 0);
      }
    },
  });
  new Counter({
    name: 'ferry_analyzer_pushes_total', help: 'IO-summary pushes received on the analyzer port, by outcome',
    labelNames: ['outcome'], registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'accepted' }, store.accepted);
      this.inc({ outcome: 'rejected' }, store.rejected);
    },
  });
}
