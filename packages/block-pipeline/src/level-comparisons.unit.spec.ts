import { LevelComparisons } from './level-comparisons';

const ladder = [0, -5, -1, 1, 3, 6, 9];
const comparisons = (): LevelComparisons => new LevelComparisons((level) => ladder.indexOf(level), 10);

describe('LevelComparisons', () => {
  it('tells how much smaller, and at what cost, the costlier level makes the same chunks, whichever of the two they were sealed at', () => {
    const pairs = comparisons();
    pairs.add(1, { level: 1, payloadBytes: 1000, compressMs: 2 }, { level: 3, payloadBytes: 900, compressMs: 5 });
    pairs.add(2, { level: 3, payloadBytes: 450, compressMs: 4 }, { level: 1, payloadBytes: 500, compressMs: 3 });
    expect(pairs.compare(1, 3, 2, 2)).toEqual({ shrink: expect.closeTo(1 - 1350 / 1500, 9) as number, savedBytes: 75, extraMs: 2 });
    // Below zero where the costlier level is larger; other pairs are kept apart.
    pairs.add(3, { level: 0, payloadBytes: 1000, compressMs: 0 }, { level: -5, payloadBytes: 1010, compressMs: 1 });
    expect(pairs.compare(0, -5, 3, 1)?.shrink).toBeCloseTo(-0.01);
    expect(pairs.compare(-1, 1, 3, 1)).toBeUndefined();
  });

  it('needs the number of samples asked for, counts only those of the last chunks, and ignores a chunk sampled at its own level', () => {
    const pairs = comparisons();
    pairs.add(1, { level: 1, payloadBytes: 1000, compressMs: 2 }, { level: 3, payloadBytes: 500, compressMs: 4 });
    pairs.add(5, { level: 1, payloadBytes: 1000, compressMs: 2 }, { level: 3, payloadBytes: 950, compressMs: 4 });
    pairs.add(6, { level: 3, payloadBytes: 1000, compressMs: 2 }, { level: 3, payloadBytes: 1, compressMs: 2 });
    expect(pairs.compare(1, 3, 6, 3)).toBeUndefined();
    expect(pairs.compare(1, 3, 6, 2)?.shrink).toBeCloseTo(0.275);
    expect(pairs.compare(1, 3, 12, 1)?.shrink).toBeCloseTo(0.05); // the first is 11 chunks old: past the 10 kept
    expect(pairs.compare(1, 3, 16, 1)).toBeUndefined();
  });
});
