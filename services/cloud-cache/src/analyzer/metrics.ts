/** Prometheus text exposition of IO analyzer summaries (one series per volume). */
import type { IoSummary } from './io-stats';

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function renderMetrics(summaries: IoSummary[]): string {
  const lines: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, value: (s: IoSummary) => number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of summaries) lines.push(`${name}{volume="${esc(s.volume)}"} ${value(s)}`);
  };
  family('ferry_cache_reads_total', 'counter', 'Read commands served', (s) => s.reads);
  family('ferry_cache_writes_total', 'counter', 'Write commands served', (s) => s.writes);
  family('ferry_cache_read_bytes_total', 'counter', 'Bytes read by initiators', (s) => s.readBytes);
  family('ferry_cache_write_bytes_total', 'counter', 'Bytes written by initiators', (s) => s.writeBytes);
  family('ferry_cache_hit_ratio', 'gauge', 'Share of reads served without an on-demand fetch', (s) => s.hitRatio);
  family('ferry_cache_ondemand_fetches_total', 'counter', 'Chunks fetched on demand', (s) => s.onDemandFetches);
  family('ferry_cache_ondemand_fetch_bytes_total', 'counter', 'Bytes fetched on demand', (s) => s.onDemandFetchBytes);
  family('ferry_cache_hydrated_chunks_total', 'counter', 'Chunks copied by background hydration', (s) => s.hydratedChunks);
  family('ferry_cache_present_chunks', 'gauge', 'Chunks held locally', (s) => s.presentChunks);
  family('ferry_cache_chunks', 'gauge', 'Chunks in the volume', (s) => s.totalChunks);
  lines.push('# HELP ferry_cache_fetch_latency_ms On-demand fetch latency percentiles (recent window)', '# TYPE ferry_cache_fetch_latency_ms gauge');
  for (const s of summaries) {
    for (const q of ['p50', 'p90', 'p99'] as const) {
      lines.push(`ferry_cache_fetch_latency_ms{volume="${esc(s.volume)}",quantile="0.${q.slice(1)}"} ${s.fetchLatencyMs[q]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
