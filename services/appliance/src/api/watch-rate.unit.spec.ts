import { addSample, etaSeconds, rateOf, type ProgressSample } from './watch-rate';

const MiB = 2 ** 20;

function feed(samples: ProgressSample[], windowMs?: number): ProgressSample[] {
  return samples.reduce<ProgressSample[]>((acc, s) => addSample(acc, s, windowMs), []);
}

describe('copy rate over a sliding window', () => {
  it('is unknown with one sample, then bytes over seconds between first and last sample', () => {
    const one = feed([{ at: 0, done: 0 }]);
    expect(rateOf(one)).toBe(0);
    const two = addSample(one, { at: 4_000, done: 400 * MiB });
    expect(rateOf(two)).toBe(100 * MiB);
  });

  it('forgets samples older than the window but keeps one baseline before it', () => {
    // 10 MiB/s for 60 s, then 50 MiB/s for 10 s: a 20 s window sees mostly the fast part.
    const slow = Array.from({ length: 7 }, (_, i) => ({ at: i * 10_000, done: i * 100 * MiB }));
    const fast = { at: 70_000, done: 600 * MiB + 500 * MiB };
    const window = feed([...slow, fast], 20_000);
    expect(window.map((s) => s.at)).toEqual([40_000, 50_000, 60_000, 70_000]);
    expect(rateOf(window)).toBeCloseTo(((1100 - 400) * MiB) / 30, 0);
  });

  it('still has a rate after a pause longer than the window, from the baseline', () => {
    const window = feed([{ at: 0, done: 0 }, { at: 100_000, done: 1000 * MiB }], 30_000);
    expect(window).toHaveLength(2);
    expect(rateOf(window)).toBe(10 * MiB);
  });

  it('starts over when a copy goes backwards (restarted after a retry)', () => {
    const window = feed([{ at: 0, done: 0 }, { at: 1_000, done: 500 * MiB }, { at: 5_000, done: 100 * MiB }]);
    expect(window).toEqual([{ at: 5_000, done: 100 * MiB }]);
    expect(rateOf(window)).toBe(0);
  });
});

describe('ETA', () => {
  it('is remaining bytes over the rate, rounded up to whole seconds', () => {
    expect(etaSeconds(1000 * MiB, 100 * MiB)).toBe(10);
    expect(etaSeconds(1001 * MiB, 100 * MiB)).toBe(11);
  });
  it('is 0 when done and -1 (unknown) without a rate', () => {
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(5 * MiB, 0)).toBe(-1);
  });
});
