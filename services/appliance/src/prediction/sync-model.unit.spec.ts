import { fitDeltaModel, lastDirtyRate, lastSync, rehashMillisPerGiB, shipFactor, type SyncRecord } from './sync-model';

const MiB = 2 ** 20;
const sync = (generation: number, bytes: number, durationMs: number, over: Partial<SyncRecord> = {}): SyncRecord => ({
  generation, final: false, bytes, durationMs, dirtyBytesPerMinute: generation === 1 ? 0 : 4 * MiB, changedBytes: generation === 1 ? 0 : bytes / 16, snapshotAtMillis: generation * 60_000, completedAt: generation * 60_000 + durationMs, ...over,
});

describe('delta sync model', () => {
  it('fits duration = overhead + bytes / rate over the delta syncs, leaving out the full and the final sync', () => {
    // 2 s of overhead, 10 MiB/s: 8 MiB → 2.8 s, 32 MiB → 5.2 s, 64 MiB → 8.4 s.
    const syncs = [sync(1, 512 * MiB, 30_000), sync(2, 8 * MiB, 2_800), sync(3, 32 * MiB, 5_200), sync(4, 64 * MiB, 8_400), sync(5, 1 * MiB, 90_000, { final: true })];
    const model = fitDeltaModel(syncs)!;
    expect(model.samples).toBe(3);
    expect(model.overheadMs).toBeCloseTo(2000, 6);
    expect(model.bytesPerSecond).toBeCloseTo(10 * MiB, 0);
  });

  it('deltas of one size (a steady writer) are fitted through the full sync: the fixed cost is told from the throughput', () => {
    // 800 ms of fixed cost, 200 MiB/s: 10 MiB → 850 ms, 256 MiB → 2080 ms.
    const model = fitDeltaModel([sync(1, 256 * MiB, 2080), sync(2, 10 * MiB, 850), sync(3, 10 * MiB, 850)])!;
    expect(model.samples).toBe(2);
    expect(model.overheadMs).toBeCloseTo(800, 6);
    expect(model.bytesPerSecond).toBeCloseTo(200 * MiB, 0);
  });

  it('deltas of nearly one size are fitted through the full sync too: their timing noise would be taken for the throughput', () => {
    // A CI run's steady writer: 10, 9 and 10 MiB in 1654, 1652 and 1790 ms after a 256 MiB full sync in 2713 ms.
    // Least squares over the deltas alone gives 14.6 MiB/s and 1.0 s of fixed cost; through the full sync, 1.66 s and 243 MiB/s.
    const model = fitDeltaModel([sync(1, 256 * MiB, 2713), sync(2, 10 * MiB, 1654), sync(3, 9 * MiB, 1652), sync(4, 10 * MiB, 1790)])!;
    expect({ overheadS: Math.round(model.overheadMs / 10) / 100, mibPerS: Math.round(model.bytesPerSecond / MiB) }).toEqual({ overheadS: 1.66, mibPerS: 243 });
  });

  it('without a full sync to fit through, the rate is the fastest delta and the cost what each took beyond it', () => {
    expect(fitDeltaModel([sync(2, 16 * MiB, 4000), sync(3, 16 * MiB, 4000)])).toEqual({ overheadMs: 0, bytesPerSecond: 4 * MiB, samples: 2 });
  });

  it("a fit with a negative overhead falls back to the fastest sync's rate and the median time beyond it", () => {
    // Bigger deltas ran disproportionally slower: the line would cross below zero.
    expect(fitDeltaModel([sync(2, 1 * MiB, 100), sync(3, 10 * MiB, 9000), sync(4, 2 * MiB, 700)])).toEqual({ overheadMs: 500, bytesPerSecond: 10 * MiB, samples: 3 });
  });

  it('measures how many bytes ship per byte CBT reports changed (whole chunks for small changes)', () => {
    expect(shipFactor([sync(1, 512 * MiB, 30_000), sync(2, 8 * MiB, 2000), sync(3, 4 * MiB, 1000)])).toBe(16);
    expect(shipFactor([sync(1, 512 * MiB, 30_000)])).toBe(1);
  });

  it('knows nothing before a delta sync shipped bytes', () => {
    expect(fitDeltaModel([sync(1, 512 * MiB, 30_000)])).toBeUndefined();
    expect(fitDeltaModel([sync(1, 512 * MiB, 30_000), sync(2, 0, 1500)])).toBeUndefined();
    expect(lastDirtyRate([sync(1, 512 * MiB, 30_000)])).toBeUndefined();
  });

  it('reads the last dirty rate and the last sync the source ran through', () => {
    const syncs = [sync(1, 512 * MiB, 30_000), sync(2, 8 * MiB, 2000, { dirtyBytesPerMinute: 3 * MiB }), sync(3, 9 * MiB, 2000, { dirtyBytesPerMinute: 5 * MiB }), sync(4, MiB, 9000, { final: true })];
    expect(lastDirtyRate(syncs)).toBe(5 * MiB);
    expect(lastSync(syncs)?.generation).toBe(3);
  });

  it('measures the final sync re-hash cost per GiB from the time beyond its delta', () => {
    // Deltas at 4 MiB/s without overhead; the final shipped 4 MiB (1 s) in 3 s: 2 s for 2 GiB of disk.
    const syncs = [sync(2, 16 * MiB, 4000), sync(3, 4 * MiB, 3000, { final: true })];
    expect(rehashMillisPerGiB(syncs, 2048 * MiB)).toBe(1000);
    expect(rehashMillisPerGiB([sync(2, 16 * MiB, 4000)], 1024 * MiB)).toBeUndefined();
    // No delta shipped bytes (the cutover came after an idle delta): the final sync beyond what the idle delta took.
    expect(rehashMillisPerGiB([sync(2, 0, 500), sync(3, 0, 2500, { final: true })], 1024 * MiB)).toBe(2000);
  });

  it('a final sync no longer than its delta measured a re-hash within the noise: 0, not nothing', () => {
    // A CI run's history: deltas of 9 MiB in 1.76 s after a 256 MiB full sync in 2.84 s; the final 2 MiB took 1.66 s.
    const syncs = [sync(1, 256 * MiB, 2843), sync(2, 9 * MiB, 1762), sync(3, 9 * MiB, 1767), sync(4, 2 * MiB, 1661, { final: true })];
    expect(rehashMillisPerGiB(syncs, 256 * MiB)).toBe(0);
  });
});
