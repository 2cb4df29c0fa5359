import { sampleDuring, steadyRate, type ProgressSample } from './steady-rate';

/** A transfer that opens for `openS`, then moves `rate` bytes per second up to `total`, then closes for `closeS`; polled every `everyS`. */
function transfer(openS: number, rate: number, total: number, closeS: number, everyS = 0.02): ProgressSample[] {
  const samples: ProgressSample[] = [];
  const moving = total / rate;
  for (let t = 0; t <= openS + moving + closeS + 1e-9; t += everyS) samples.push({ seconds: t, bytes: Math.min(total, Math.max(0, (t - openS) * rate)) });
  return samples;
}

describe('steadyRate', () => {
  it('measures the rate between the marks, leaving out the opening and the close', () => {
    const samples = transfer(0.4, 100e6, 250e6, 0.3);
    const wholeRun = 250e6 / samples.at(-1)!.seconds;
    expect(wholeRun).toBeLessThan(80e6);
    expect(steadyRate(samples)).toBeCloseTo(100e6, -6);
  });

  it('sees a slower middle: the rate of the stretch the marks enclose', () => {
    const samples: ProgressSample[] = [
      { seconds: 0, bytes: 0 },
      { seconds: 1, bytes: 10 },
      { seconds: 5, bytes: 50 },
      { seconds: 6, bytes: 90 },
      { seconds: 7, bytes: 100 },
    ];
    expect(steadyRate(samples)).toBeCloseTo(80 / 5);
    expect(steadyRate(samples, 0.5, 0.9)).toBeCloseTo(40 / 1);
  });

  it('cannot tell from too few samples or no progress', () => {
    expect(steadyRate([])).toBeUndefined();
    expect(steadyRate([{ seconds: 0, bytes: 0 }, { seconds: 1, bytes: 0 }])).toBeUndefined();
    expect(steadyRate([{ seconds: 0, bytes: 0 }, { seconds: 1, bytes: 100 }])).toBeUndefined();
  });

  it('refuses marks out of order', () => {
    expect(() => steadyRate([], 0.9, 0.1)).toThrow(/0 <= from < to <= 1/);
  });
});

describe('sampleDuring', () => {
  it('reads the counter while the work runs and once after, counting from the first reading', async () => {
    let counter = 1000;
    const timer = setInterval(() => (counter += 10), 5);
    const { result, samples } = await sampleDuring(async () => counter, () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 120)), 20);
    clearInterval(timer);
    expect(result).toBe('done');
    expect(samples[0]).toEqual({ seconds: 0, bytes: 0 });
    expect(samples.length).toBeGreaterThanOrEqual(4);
    // After the 120 ms work: libuv's timers count from a loop time cached to the millisecond, so the work may end up to 1 ms early by the monotonic clock (a CI run read 0.119998 s).
    expect(samples.at(-1)!.seconds).toBeGreaterThanOrEqual(0.115);
    expect(samples.at(-1)!.bytes).toBe(counter - 1000);
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.bytes).toBeGreaterThanOrEqual(samples[i - 1]!.bytes);
  });

  it('reports the work\'s failure, not the counter\'s that followed it', async () => {
    let broken = false;
    const read = async (): Promise<number> => {
      if (broken) throw new Error('counter gone');
      return 0;
    };
    const work = async (): Promise<never> => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      broken = true;
      throw new Error('copy failed');
    };
    await expect(sampleDuring(read, work, 10)).rejects.toThrow('copy failed');
  });
});
