import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { CacheSummaries } from './cache-summaries';
import { decodeSummaryBatch } from './summary-validation';

import cache = ferry.cache.v1;

const volume = (over: Partial<cache.IVolumeIoSummary> = {}): cache.IVolumeIoSummary => ({
  volumeId: 'iqn.2024-01.io.ferry:vm/0', targetIqn: 'iqn.2024-01.io.ferry:vm', windowStart: { unixMillis: 1000 }, windowEnd: { unixMillis: 2000 },
  readOps: 4, readHits: 3, readMisses: 1, hitRatio: 0.75, chunksPresent: 2, chunksTotal: 8, fetchLatency: { p50Ms: 1, p95Ms: 2, p99Ms: 3 }, ...over,
});
const encode = (volumes: cache.IVolumeIoSummary[], sentAt = 2000): Uint8Array => cache.IoSummaryBatch.encode({ sentAt: { unixMillis: sentAt }, volumes }).finish();

function fieldOf(body: Uint8Array): string {
  try {
    decodeSummaryBatch(body);
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return 'accepted';
}

describe('IO summary batch checks', () => {
  it('accepts a consistent batch', () => {
    expect(decodeSummaryBatch(encode([volume()])).volumes[0]?.hitRatio).toBe(0.75);
  });

  it.each([
    [{ volumeId: '' }, 'volumes[0].volume_id'],
    [{ targetIqn: '' }, 'volumes[0].target_iqn'],
    [{ windowStart: null }, 'volumes[0].window_start'],
    [{ windowEnd: { unixMillis: 500 } }, 'volumes[0].window_end'],
    [{ hitRatio: -0.1 }, 'volumes[0].hit_ratio'],
    [{ hitRatio: Number.NaN }, 'volumes[0].hit_ratio'],
    [{ readHits: 9 }, 'volumes[0].read_hits'],
    [{ chunksPresent: 9 }, 'volumes[0].chunks_present'],
    [{ fetchLatency: { p95Ms: -1 } }, 'volumes[0].fetch_latency.p95_ms'],
  ] as Array<[Partial<cache.IVolumeIoSummary>, string]>)('refuses %j naming %s', (over, field) => {
    expect(fieldOf(encode([volume(over)]))).toBe(field);
  });

  it('refuses a body that is not the message, a batch without sent_at, and a volume twice', () => {
    expect(fieldOf(Buffer.from([0x0a, 0xff, 0xff, 0x7f]))).toBe('body');
    expect(fieldOf(encode([volume()], 0))).toBe('sent_at');
    expect(fieldOf(encode([volume(), volume()]))).toBe('volumes[1].volume_id');
  });
});

describe('latest summaries', () => {
  it('keeps the newest summary per volume, sorted by id, filtered by substring', () => {
    let now = 10;
    const store = new CacheSummaries(() => now);
    store.apply(decodeSummaryBatch(encode([volume(), volume({ volumeId: 'iqn.2024-01.io.ferry:a/1', targetIqn: 'iqn.2024-01.io.ferry:a' })])), '10.0.0.1');
    now = 20;
    store.apply(decodeSummaryBatch(encode([volume({ readOps: 8, readHits: 7, hitRatio: 0.875 })])), '10.0.0.1');
    expect(store.list().map((r) => [r.summary.volumeId, r.receivedAt])).toEqual([['iqn.2024-01.io.ferry:a/1', 10], ['iqn.2024-01.io.ferry:vm/0', 20]]);
    expect(store.list(':vm/').map((r) => r.summary.hitRatio)).toEqual([0.875]);
  });
});
