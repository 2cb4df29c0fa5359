import { BandwidthCap } from './bandwidth-cap';

const MiB = 1024 * 1024;

describe('BandwidthCap', () => {
  it('lets a quarter second of traffic through at once, then paces sends to the cap', () => {
    let now = 1000;
    const cap = new BandwidthCap(() => 4 * MiB, () => now);
    // 1 MiB at 4 MiB/s drains in 250 ms: inside the burst allowance.
    expect(cap.delayFor(MiB)).toBe(0);
    // The next MiB would drain 500 ms from now: wait until it is 250 ms ahead.
    expect(cap.delayFor(MiB)).toBe(250);
    now += 250;
    expect(cap.delayFor(MiB)).toBe(250);
  });

  it('holds a long stream to the cap whatever the frame size', () => {
    let now = 0;
    const cap = new BandwidthCap(() => 10 * MiB, () => now);
    let sent = 0;
    for (const bytes of [MiB, 300_000, 2 * MiB, 4096, MiB + 17, 64 * 1024].flatMap((b) => Array<number>(20).fill(b))) {
      now += cap.delayFor(bytes);
      sent += bytes;
    }
    // 20 of each size, sent back to back: the elapsed time is what the cap allows, less the burst.
    expect(now).toBeCloseTo((sent / (10 * MiB)) * 1000 - 250, 6);
  });

  it('does not bank idle time beyond the burst allowance', () => {
    let now = 0;
    const cap = new BandwidthCap(() => MiB, () => now);
    expect(cap.delayFor(MiB / 4)).toBe(0);
    now += 60_000; // a minute idle earns no more than the quarter second
    expect(cap.delayFor(MiB / 4)).toBe(0);
    expect(cap.delayFor(MiB / 4)).toBe(250);
  });

  it('follows the cap as it changes: lifted, nothing waits; set again, pacing restarts with a fresh allowance', () => {
    const now = 0;
    let rate = MiB;
    const cap = new BandwidthCap(() => rate, () => now);
    expect(cap.delayFor(MiB / 4)).toBe(0);
    expect(cap.delayFor(MiB / 4)).toBe(250);
    rate = 0;
    expect(cap.delayFor(100 * MiB)).toBe(0);
    rate = 2 * MiB;
    expect(cap.delayFor(MiB / 2)).toBe(0);
    expect(cap.delayFor(MiB / 2)).toBe(250);
  });
});
