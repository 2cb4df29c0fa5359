import { MIN_WINDOW_FRAMES, parseFlowWindow, streamWindow } from './flow-window';

describe('FLOW_WINDOW', () => {
  it('is "bdp" or a whole number of frames from 1 to 1024', () => {
    expect(parseFlowWindow('bdp')).toBe('bdp');
    expect(parseFlowWindow('32')).toBe(32);
    for (const bad of ['0', '1025', '2.5', 'fast', '']) expect(() => parseFlowWindow(bad)).toThrow(/FLOW_WINDOW/);
  });

  it('a fixed window stays at its frames whatever the acknowledgements say', () => {
    const window = streamWindow(32);
    window.sent(0, 1 << 20, 0);
    window.acked([0], 80);
    expect(window.frames).toBe(32);
  });

  it('a BDP window starts at the former fixed window and grows with a long, fast path', () => {
    const window = streamWindow('bdp');
    expect(window.frames).toBe(MIN_WINDOW_FRAMES);
    // A frame of 256 KiB every ms (262 MB/s), each acknowledged 80 ms after it left.
    for (let i = 0; i < 2000; i++) {
      if (i >= 80) window.acked([i - 80], i);
      window.sent(i, 256 * 1024, i);
    }
    // gain 2 × 262 MB/s × 80 ms = 42 MB = 160 frames of 256 KiB
    expect(window.frames).toBe(160);
    expect(window.describe()).toMatch(/BDP window 160 frames \(round trip to acknowledgement 80\.0 ms/);
  });

  it('a BDP window on a short path stays at its floor', () => {
    const window = streamWindow('bdp');
    for (let i = 0; i < 2000; i++) {
      if (i >= 4) window.acked([i - 4], i);
      window.sent(i, 256 * 1024, i);
    }
    expect(window.frames).toBe(MIN_WINDOW_FRAMES);
  });
});
