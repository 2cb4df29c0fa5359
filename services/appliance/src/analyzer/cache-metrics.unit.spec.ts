import { ferry } from '@ferry/proto';
import { Registry } from 'prom-client';
import { registerCacheSummaryMetrics, OTHER_VOLUMES } from './cache-metrics';
import { CacheSummaries } from './cache-summaries';

import cache = ferry.cache.v1;

const volume = (i: number, readOps: number): cache.IVolumeIoSummary => ({
  volumeId: `iqn.2024-01.io.ferry:v${i}/0`, targetIqn: `iqn.2024-01.io.ferry:v${i}`, windowStart: { unixMillis: 1 }, windowEnd: { unixMillis: 2 },
  readOps, readHits: readOps, hitRatio: 1, chunksPresent: 1, chunksTotal: 2, fetchLatency: { p50Ms: 1, p95Ms: 2, p99Ms: i % 1000 },
});

/** A store holding `count` volumes (1,000 per sender), volume i having read i ops, and its registry. */
function given(count: number, metricsMaxVolumes: number) {
  const store = new CacheSummaries({ metricsMaxVolumes, maxVolumes: count });
  for (let first = 0; first < count; first += 1000) {
    const volumes = Array.from({ length: Math.min(1000, count - first) }, (_, k) => volume(first + k, first + k));
    expect(store.apply(cache.IoSummaryBatch.create({ sentAt: { unixMillis: 2 }, volumes }), `10.0.0.${first / 1000}`)).toBeUndefined();
  }
  const registry = new Registry();
  registerCacheSummaryMetrics(registry, store, () => 10_000);
  return { store, registry };
}

/** Every series of `name` as label volume -> value. */
function seriesOf(text: string, name: string, extra = ''): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}\\{volume="([^"]+)"${extra}\\} (\\S+)$`).exec(line);
    if (match) series.set(match[1] as string, Number(match[2]));
  }
  return series;
}

describe('cache series on /metrics', () => {
  it('given fewer volumes than the cap, when scraped, then each volume has its own series and no "_other"', async () => {
    const { registry } = given(3, 200);
    const reads = seriesOf(await registry.metrics(), 'ferry_cache_read_ops_total');
    expect([...reads.entries()].sort()).toEqual([['iqn.2024-01.io.ferry:v0/0', 0], ['iqn.2024-01.io.ferry:v1/0', 1], ['iqn.2024-01.io.ferry:v2/0', 2]]);
  });

  it('given 10,000 volumes, when scraped, then the 200 busiest have series, the rest are summed into "_other", and totals still add up', async () => {
    const { registry } = given(10_000, 200);
    const text = await registry.metrics();
    const reads = seriesOf(text, 'ferry_cache_read_ops_total');
    expect(reads.size).toBe(201);
    expect(reads.get('iqn.2024-01.io.ferry:v9999/0')).toBe(9999);
    expect(reads.has('iqn.2024-01.io.ferry:v9799/0')).toBe(false);
    expect(reads.get(OTHER_VOLUMES)).toBe((9799 * 9800) / 2);
    expect([...reads.values()].reduce((a, b) => a + b, 0)).toBe((9999 * 10_000) / 2);
    expect(seriesOf(text, 'ferry_cache_hydration_ratio').get(OTHER_VOLUMES)).toBe(0.5);
    expect(seriesOf(text, 'ferry_cache_fetch_latency_ms', ',quantile="0.99"').get(OTHER_VOLUMES)).toBe(999);
    expect(seriesOf(text, 'ferry_cache_hit_ratio').get(OTHER_VOLUMES)).toBe(1);
    expect(text).toMatch(/^ferry_analyzer_volumes 10000$/m);
    expect(text).toMatch(/^ferry_analyzer_senders 10$/m);
    expect(text.split('\n').filter((l) => l.includes('volume="')).length).toBe(201 * 12);
  });

  it('given refused pushes, when scraped, then refusals are counted by the limit they passed', async () => {
    const { store, registry } = given(1000, 10);
    store.apply(cache.IoSummaryBatch.create({ sentAt: { unixMillis: 2 }, volumes: [volume(5000, 1)] }), '10.0.0.0');
    store.refused('invalid');
    const text = await registry.metrics();
    expect(text).toMatch(/^ferry_analyzer_refusals_total\{limit="ANALYZER_MAX_VOLUMES_PER_SENDER"\} 1$/m);
    expect(text).toMatch(/^ferry_analyzer_refusals_total\{limit="invalid"\} 1$/m);
    expect(text).toMatch(/^ferry_analyzer_pushes_total\{outcome="rejected"\} 2$/m);
  });
});
