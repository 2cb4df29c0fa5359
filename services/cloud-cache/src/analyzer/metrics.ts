/**
 * The IO analyzer's figures as Prometheus metrics, one series per volume, registered on the service's
 * registry so they appear on the ops port's /metrics. Values are read from the live summaries at
 * scrape time (collect), so nothing is kept twice.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IoSummary } from './io-stats';

type Read = (s: IoSummary) => number;

export function registerCacheMetrics(registry: Registry, summaries: () => IoSummary[]): void {
  const counter = (name: string, help: string, value: Read): void => {
    new Counter({
      name, help, labelNames: ['volume'], registers: [registry],
      collect() {
        this.reset();
        for (const s of summaries()) this.inc({ volume: s.volume }, value(s));
      },
    });
  };
  const gauge = (name: string, help: string, value: Read): void => {
    new Gauge({
      name, help, labelNames: ['volume'], registers: [registry],
      collect() {
        this.reset();
        for (const s of summaries()) this.set({ volume: s.volume }, value(s));
      },
    });
  };
  counter('ferry_cache_reads_total', 'Read commands served', (s) => s.reads);
  counter('ferry_cache_writes_total', 'Write commands served', (s) => s.writes);
  counter('ferry_cache_read_bytes_total', 'Bytes read by initiators', (s) => s.readBytes);
  counter('ferry_cache_write_bytes_total', 'Bytes written by initiators', (s) => s.writeBytes);
  gauge('ferry_cache_hit_ratio', 'Share of reads served without an on-demand fetch', (s) => s.hitRatio);
  counter('ferry_cache_ondemand_fetches_total', 'Chunks fetched on demand', (s) => s.onDemandFetches);
  counter('ferry_cache_ondemand_fetch_bytes_total', 'Bytes fetched on demand', (s) => s.onDemandFetchBytes);
  counter('ferry_cache_hydrated_chunks_total', 'Chunks copied by background hydration', (s) => s.hydratedChunks);
  gauge('ferry_cache_present_chunks', 'Chunks held locally', (s) => s.presentChunks);
  gauge('ferry_cache_chunks', 'Chunks in the volume', (s) => s.totalChunks);
  new Gauge({
    name: 'ferry_cache_fetch_latency_ms', help: 'On-demand fetch latency percentiles (recent window)',
    labelNames: ['volume', 'quantile'], registers: [registry],
    collect() {
      this.reset();
      for (const s of summaries()) {
        this.set({ volume: s.volume, quantile: '0.5' }, s.fetchLatencyMs.p50);
        this.set({ volume: s.volume, quantile: '0.9' }, s.fetchLatencyMs.p90);
        this.set({ volume: s.volume, quantile: '0.95' }, s.fetchLatencyMs.p95);
        this.set({ volume: s.volume, quantile: '0.99' }, s.fetchLatencyMs.p99);
      }
    },
  });
}
