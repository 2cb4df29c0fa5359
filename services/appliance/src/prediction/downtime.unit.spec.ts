import { advise } from './advice';
import { DEFAULTS } from './defaults';
import { predictCold, predictPrecopy, predictWarm } from './downtime';
import { EMPTY_HISTORY, type StepHistory } from './history';
import type { SyncRecord } from './sync-model';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const T = Date.UTC(2026, 11, 4, 6);

const history: StepHistory = {
  shutdownMs: [4000, 6000, 5000], createTargetMs: [3000], fixupMs: [20_000, 30_000], powerOnMs: [2000], bootOverCacheMs: [15_000],
  fullCopyBytesPerSecond: [50 * MiB], rehashMillisPerGiB: [1000],
};
// A full sync, then deltas at 10 MiB/s with 2 s overhead; the guest writes 6 MiB per minute.
const syncs: SyncRecord[] = [
  { generation: 1, final: false, bytes: 2 * GiB, durationMs: 60_000, dirtyBytesPerMinute: 0, changedBytes: 0, snapshotAtMillis: T - 200_000, completedAt: T - 140_000 },
  { generation: 2, final: false, bytes: 6 * MiB, durationMs: 2_600, dirtyBytesPerMinute: 6 * MiB, changedBytes: 6 * MiB, snapshotAtMillis: T - 130_000, completedAt: T - 127_400 },
  { generation: 3, final: false, bytes: 12 * MiB, durationMs: 3_200, dirtyBytesPerMinute: 6 * MiB, changedBytes: 12 * MiB, snapshotAtMillis: T - 70_000, completedAt: T - 66_800 },
];

describe('downtime prediction', () => {
  it("predicts pre-copy's cutover: shutdown, final delta (dirty rate × time since the snapshot and the shutdown, at the delta rate, plus the re-hash), target steps", () => {
    const p = predictPrecopy({ syncs, diskBytes: 4 * GiB, history, cutoverAt: T - 10_000, intervalMs: 60_000 })!;
    // 60 s since the last snapshot + 5 s shutdown at 6 MiB/min = 6.5 MiB; 2 s + 0.65 s + 4 s re-hash.
    expect(p.finalDeltaBytes).toBe(Math.round(6.5 * MiB));
    expect(p.steps).toEqual([
      { step: 'shutdown', millis: 5000, basis: 'measured', samples: 3 },
      { step: 'final_delta', millis: 6650, basis: 'measured', samples: 2 },
      { step: 'create_target', millis: 3000, basis: 'measured', samples: 1 },
      { step: 'fixup', millis: 25_000, basis: 'measured', samples: 2 },
      { step: 'power_on', millis: 2000, basis: 'measured', samples: 1 },
    ]);
    expect(p.downtimeMillis).toBe(5000 + 6650 + 3000 + 25_000 + 2000);
    expect(p.deltaBytesPerSecond).toBeCloseTo(10 * MiB, 0);
    expect(p.syncOverheadMillis).toBe(2000);
  });

  it('a cutover scheduled past the next sync starts from a snapshot at most one interval old', () => {
    const later = predictPrecopy({ syncs, diskBytes: 4 * GiB, history, cutoverAt: T + 3_600_000, intervalMs: 60_000 })!;
    expect(later.finalDeltaBytes).toBe(Math.round(6.5 * MiB));
  });

  it('says which steps are defaults when the site has no history yet', () => {
    const p = predictPrecopy({ syncs, diskBytes: 4 * GiB, history: EMPTY_HISTORY, cutoverAt: T - 10_000, intervalMs: 60_000 })!;
    // The final delta is this migration's own measure: its delta syncs and its full sync's read of the disk (the re-hash).
    expect(p.steps.map((s) => [s.step, s.basis])).toEqual([['shutdown', 'default'], ['final_delta', 'measured'], ['create_target', 'default'], ['fixup', 'default'], ['power_on', 'default']]);
    expect(p.steps[0]!.millis).toBe(DEFAULTS.shutdownMs);
    const finalMs = p.steps[1]!.millis;
    expect(finalMs).toBe(Math.round(2000 + ((p.finalDeltaBytes * 1000) / (10 * MiB)) + (60_000 - 2000)));
    const noFullSync = predictPrecopy({ syncs: syncs.slice(1), diskBytes: 4 * GiB, history: EMPTY_HISTORY, cutoverAt: T - 10_000, intervalMs: 60_000 })!;
    expect(noFullSync.steps[1]!.basis).toBe('default');
  });

  it('predicts nothing for pre-copy before a delta sync measured the dirty rate', () => {
    expect(predictPrecopy({ syncs: syncs.slice(0, 1), diskBytes: 4 * GiB, history, cutoverAt: T, intervalMs: 60_000 })).toBeUndefined();
  });

  it('predicts cold from the allocated bytes at the measured full-copy rate, and warm from its boot over the cache', () => {
    expect(predictCold(2 * GiB, history).downtimeMillis).toBe(5000 + 40_960 + 3000 + 25_000 + 2000);
    expect(predictWarm(history).downtimeMillis).toBe(20_000);
  });
});

describe('advice', () => {
  const precopy = predictPrecopy({ syncs, diskBytes: 4 * GiB, history, cutoverAt: T - 10_000, intervalMs: 60_000 })!;

  it('pre-copy when it is down much less than cold', () => {
    expect(advise({ precopy, coldMillis: 600_000, warmMillis: 20_000 })).toEqual({ advice: 'precopy', reason: 'down about 42 s instead of 10 min cold; the final delta is 6.5 MiB at 6.0 MiB/min' });
  });

  it('warm when the guest writes faster than deltas ship', () => {
    const racing = { ...precopy, dirtyBytesPerMinute: 700 * MiB };
    expect(advise({ precopy: racing, coldMillis: 600_000, warmMillis: 20_000 }).advice).toBe('warm');
    expect(advise({ precopy: racing, coldMillis: 600_000, warmMillis: 20_000 }).reason).toMatch(/^the guest writes 700.0 MiB\/min, as fast as delta syncs ship \(600.0 MiB\/min\)/);
  });

  it('warm when the final delta is most of the downtime and warm is down less than half as long', () => {
    const heavy = { ...precopy, downtimeMillis: 300_000, steps: precopy.steps.map((s) => (s.step === 'final_delta' ? { ...s, millis: 265_000 } : s)) };
    expect(advise({ precopy: heavy, coldMillis: 900_000, warmMillis: 60_000 }).reason).toBe("high dirty rate (6.0 MiB/min): the final delta (4 min) is most of pre-copy's 5 min down; warm over the cache is down about 60 s");
  });

  it('cold when pre-copy saves little, or when no delta sync measured anything and the disks copy quickly', () => {
    expect(advise({ precopy, coldMillis: 45_000, warmMillis: 20_000 }).advice).toBe('cold');
    expect(advise({ coldMillis: 30_000, warmMillis: 20_000 })).toEqual({ advice: 'cold', reason: 'cold is down about 30 s: its disks copy quickly, no pre-copy needed' });
    expect(advise({ coldMillis: 3_600_000, warmMillis: 20_000 }).advice).toBe('precopy');
  });
});
