import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { CacheSummaries } from './cache-summaries';
import { countVolumes, decodeSummaryBatch } from './summary-validation';

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
    [{ volumeId: '../../etc/passwd' }, 'volumes[0].volume_id'],
    [{ volumeId: '<script>/0' }, 'volumes[0].volume_id'],
    [{ volumeId: 'iqn.2024-01.io.ferry:vm\u0000/0' }, 'volumes[0].volume_id'],
    [{ volumeId: `iqn.2024-01.io.ferry:${'v'.repeat(400)}/0` }, 'volumes[0].volume_id'],
    [{ targetIqn: '' }, 'volumes[0].target_iqn'],
    [{ targetIqn: 'iqn.2024-01.io.ferry:other' }, 'volumes[0].target_iqn'],
    [{ lun: 3 }, 'volumes[0].lun'],
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

describe('counting the volumes of a body before decoding it', () => {
  it('given a batch with unknown fields, when counted, then the count is its number of volumes', () => {
    const body = encode([volume(), volume({ volumeId: 'iqn.2024-01.io.ferry:a/1', targetIqn: 'iqn.2024-01.io.ferry:a', lun: 1 })]);
    const withUnknown = Buffer.concat([Buffer.from([0x18, 0x96, 0x01, 0x25, 1, 2, 3, 4, 0x29, 1, 2, 3, 4, 5, 6, 7, 8]), body]);
    expect([countVolumes(body), countVolumes(withUnknown), countVolumes(new Uint8Array())]).toEqual([2, 2, 0]);
  });

  it.each([
    ['a truncated volume', [0x12, 0x05, 0x41]],
    ['a truncated varint', [0x08, 0xff]],
    ['a group', [0x13, 0x14]],
    ['field number 0', [0x02, 0x00]],
  ])('given %s, when counted, then a ValidationError names the body', (_, bytes) => {
    expect(() => countVolumes(Buffer.from(bytes))).toThrow(/^body: /);
  });
});

describe('latest summaries', () => {
  it('keeps the newest summary per volume, sorted by id, filtered by substring', () => {
    let now = 10;
    const store = new CacheSummaries({}, () => now);
    store.apply(decodeSummaryBatch(encode([volume(), volume({ volumeId: 'iqn.2024-01.io.ferry:a/1', targetIqn: 'iqn.2024-01.io.ferry:a', lun: 1 })])), '10.0.0.1');
    now = 20;
    store.apply(decodeSummaryBatch(encode([volume({ readOps: 8, readHits: 7, hitRatio: 0.875 })])), '10.0.0.1');
    expect(store.page('', undefined, 10).summaries.map((r) => [r.summary.volumeId, r.receivedAt])).toEqual([['iqn.2024-01.io.ferry:a/1', 10], ['iqn.2024-01.io.ferry:vm/0', 20]]);
    expect(store.page(':vm/', undefined, 10).summaries.map((r) => r.summary.hitRatio)).toEqual([0.875]);
  });
});
