import { SEGMENT_BYTES } from './link-profiles';
import { LOSS_OFFSETS_KEPT, lossSeed, SegmentLoss } from './segment-loss';

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

  it('gives each connection to a port its own pattern, the first one the base seed', () => {
    /** The byte offsets, in 1448-byte segments, of the first 50 losses. */
    const where = (seed: number): number[] => {
      const loss = new SegmentLoss(0.001, seed);
      const at: number[] = [];
      for (let segment = 0; at.length < 50; segment++) if (loss.lostIn(SEGMENT_BYTES) > 0) at.push(segment);
      return at;
    };
    expect(lossSeed(19, 0)).toBe(19);
    const patterns = [0, 1, 2, 3].map((nth) => where(lossSeed(19, nth)));
    expect(patterns[0]).toEqual(where(19));
    for (let a = 0; a < patterns.length; a++) for (let b = a + 1; b < patterns.length; b++) expect(patterns[a]).not.toEqual(patterns[b]);
    // The same connection gets the same pattern in every run.
    expect(where(lossSeed(19, 2))).toEqual(patterns[2]);
  });

  it('remembers where its first losses fell: the lost segments\' first bytes, whatever the chunking', () => {
    const bytes = 4000 * SEGMENT_BYTES;
    const whole = new SegmentLoss(0.002, 5);
    whole.lostIn(bytes);
    // Odd-sized chunks, so losses fall inside chunks and across their edges.
    const inChunks = new SegmentLoss(0.002, 5);
    for (let sent = 0; sent < bytes; sent += 1000) inChunks.lostIn(Math.min(1000, bytes - sent));
    // Segment by segment, the n-th segment starts at n × SEGMENT_BYTES.
    const bySegment = new SegmentLoss(0.002, 5);
    const lostSegments: number[] = [];
    for (let segment = 0; segment < 4000; segment++) if (bySegment.lostIn(SEGMENT_BYTES) > 0) lostSegments.push(segment);

    expect(whole.losses).toBeGreaterThan(2);
    expect(whole.lossOffsets).toHaveLength(Math.min(whole.losses, LOSS_OFFSETS_KEPT));
    expect(whole.lossOffsets).toEqual(lostSegments.slice(0, LOSS_OFFSETS_KEPT).map((segment) => segment * SEGMENT_BYTES));
    expect(inChunks.lossOffsets).toEqual(whole.lossOffsets);
  });

  it('keeps only the first offsets it was asked to, and none without loss', () => {
    const few = new SegmentLoss(0.01, 3, 5);
    const all = new SegmentLoss(0.01, 3, Infinity);
    few.lostIn(10_000 * SEGMENT_BYTES);
    all.lostIn(10_000 * SEGMENT_BYTES);
    expect(few.losses).toBeGreaterThan(50);
    expect(few.lossOffsets).toEqual(all.lossOffsets.slice(0, 5));
    expect(all.lossOffsets).toHaveLength(all.losses);
    const none = new SegmentLoss(0, 3);
    none.lostIn(1e9);
    expect(none.lossOffsets).toEqual([]);
  });
});
