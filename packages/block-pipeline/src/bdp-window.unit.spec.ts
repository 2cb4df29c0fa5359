import { BdpWindow, type BdpWindowOptions } from './bdp-window';

/** A link of one bottleneck (rate, FIFO) and a fixed round trip; the receiver acknowledges `ackBatch` frames at a time. */
interface Link {
  bytesPerMs: number;
  rttMs: number;
}

/** Sends `frames` frames of `frameBytes` through `link` under the window; returns the time taken and the most frames ever in flight. */
function simulate(link: Link, frameBytes: number, frames: number, window: BdpWindow | number, ackBatch = 1): { ms: number; mostInFlight: number } {
  const allowed = () => (typeof window === 'number' ? window : window.frames);
  let now = 0;
  let linkFree = 0;
  let next = 0;
  let mostInFlight = 0;
  const arrivals: Array<[number, number]> = [];
  let inFlight = 0;
  while (next < frames || arrivals.length > 0) {
    while (next < frames && inFlight < allowed()) {
      if (typeof window !== 'number') window.sent(next, frameBytes, now);
      linkFree = Math.max(linkFree, now) + frameBytes / link.bytesPerMs;
      arrivals.push([linkFree + link.rttMs, next++]);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
    }
    // The receiver acknowledges a batch once its last frame is in (or the stream's last frame).
    const batch = arrivals.splice(0, Math.min(ackBatch, arrivals.length));
    now = batch[batch.length - 1]![0];
    inFlight -= batch.length;
    if (typeof window !== 'number') window.acked(batch.map(([, index]) => index), now);
  }
  return { ms: now, mostInFlight };
}

const KiB = 1024;
const MiB = 1024 * KiB;
const options: BdpWindowOptions = { minFrames: 8, maxBytes: 64 * MiB };
const wan: Link = { bytesPerMs: 125_000, rttMs: 40 }; // 1 Gbit/s, 40 ms
const thin: Link = { bytesPerMs: 25_000, rttMs: 80 }; // 200 Mbit/s, 80 ms

describe('BdpWindow', () => {
  it.each([
    ['wan', wan],
    ['thin', thin],
  ])('keeps a %s link full: within 10%% of the time the link itself needs', (_name, link) => {
    const frameBytes = 320 * KiB; // a compressed chunk
    const frames = 4000;
    const ideal = (frames * frameBytes) / link.bytesPerMs + link.rttMs;
    expect(simulate(link, frameBytes, frames, new BdpWindow(options), 8).ms).toBeLessThan(ideal * 1.1);
  });

  it('fills a 40 ms link where a fixed window of 8 frames leaves it more than a third idle', () => {
    const frames = 4000;
    const ideal = (frames * 320 * KiB) / wan.bytesPerMs + wan.rttMs;
    expect(simulate(wan, 320 * KiB, frames, 8).ms).toBeGreaterThan(ideal * 1.5);
  });

  it('never holds more than maxBytes in flight', () => {
    const sized = simulate(wan, MiB, 500, new BdpWindow({ minFrames: 2, maxBytes: 4 * MiB }), 1);
    expect(sized.mostInFlight).toBeLessThanOrEqual(4);
  });

  it('stays near its floor on a short, fast path (no queue built for nothing)', () => {
    const window = new BdpWindow(options);
    const lan: Link = { bytesPerMs: 1_250_000, rttMs: 0.5 }; // 10 Gbit/s, 0.5 ms
    simulate(lan, MiB, 2000, window, 8);
    // The round trip the window sees includes waiting for the receiver's batch of 8: gain × (BDP + one batch).
    const bdpFrames = (lan.bytesPerMs * lan.rttMs) / MiB;
    expect(window.frames).toBeLessThanOrEqual(Math.ceil(2 * (bdpFrames + 8)) + 1);
  });

  it('sizes the window as gain × delivery rate × smallest round trip', () => {
    const window = new BdpWindow(options);
    simulate(thin, 320 * KiB, 2000, window, 1);
    const { rttMs, bytesPerSecond } = window.estimate;
    expect(rttMs).toBeGreaterThanOrEqual(thin.rttMs);
    expect(rttMs).toBeLessThan(thin.rttMs * 1.2);
    expect(bytesPerSecond).toBeGreaterThan(thin.bytesPerMs * 1000 * 0.9);
    expect(bytesPerSecond).toBeLessThan(thin.bytesPerMs * 1000 * 1.1);
    expect(window.frames).toBe(Math.ceil((2 * bytesPerSecond! * rttMs!) / 1000 / (320 * KiB)));
  });

  it('ignores acknowledgements of frames it did not send in this stream', () => {
    const window = new BdpWindow(options);
    window.acked([1, 2, 3], 10);
    expect(window.estimate.rttMs).toBeUndefined();
    expect(window.frames).toBe(options.minFrames);
  });
});
