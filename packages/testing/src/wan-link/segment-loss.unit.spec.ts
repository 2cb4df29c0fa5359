import { SEGMENT_BYTES } from './link-profiles';
import { SegmentLoss } from './segment-loss';

describe('SegmentLoss', () => {
  it('loses about rate × segments, the same ones for the same seed whatever the chunking', () => {
    const segments = 2_000_000;
    const whole = new SegmentLoss(0.001, 7);
    const inChunks = new SegmentLoss(0.001, 7);
    const lost = whole.lostIn(segments * SEGMENT_BYTES);
    let chunked = 0;
    for (let sent = 0; sent < segments * SEGMENT_BYTES; sent += 65_536) chunked += inChunks.lostIn(Math.min(65_536, segments * SEGMENT_BYTES - sent));
    expect(chunked).toBe(lost);
    expect(lost).toBeGreaterThan(segments * 0.001 * 0.9);
    expect(lost).toBeLessThan(segments * 0.001 * 1.1);
  });

  it('loses nothing at rate 0', () => {
    expect(new SegmentLoss(0, 1).lostIn(1e12)).toBe(0);
  });
});
