import { ChunkIndexSet } from './chunk-index-set';

/** Every index of the set, ascending, from its runs. */
const indexesOf = (set: ChunkIndexSet): number[] => [...set.runs()].flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i));

describe('ChunkIndexSet', () => {
  it('counts each index once, however often and in whatever order it is added, and lists them as runs', () => {
    const set = new ChunkIndexSet();
    for (const index of [5, 0, 5, 7, 8, 0, 4_000_000, 7]) set.add(index);
    expect(set.size).toBe(5);
    expect([...set.runs()]).toEqual([[0, 0], [5, 5], [7, 8], [4_000_000, 4_000_000]]);
    expect([...new ChunkIndexSet().runs()]).toEqual([]);
  });

  it('keeps the bitmap to 4 MiB whatever the index: a wild one from a damaged log is counted apart', () => {
    const set = new ChunkIndexSet();
    set.add(3);
    const before = process.memoryUsage().arrayBuffers;
    for (const index of [2 ** 32 - 1, 2 ** 32 - 1, 2 ** 25]) set.add(index);
    // A bitmap reaching 2^32 - 1 would be 512 MiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
    set.add(2 ** 25 - 1);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThanOrEqual(4 * 2 ** 20 + 2 ** 20);
    expect(set.size).toBe(4);
    // A run goes on from the bitmap's last index into the ones counted apart.
    expect([...set.runs()]).toEqual([[3, 3], [2 ** 25 - 1, 2 ** 25], [2 ** 32 - 1, 2 ** 32 - 1]]);
  });

  it('agrees with a Set over a sent-log of repeats and gaps', () => {
    const set = new ChunkIndexSet();
    const reference = new Set<number>();
    let state = 12345;
    for (let i = 0; i < 20_000; i++) {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      const index = state % 50_000;
      set.add(index);
      reference.add(index);
    }
    expect(set.size).toBe(reference.size);
    expect(indexesOf(set)).toEqual([...reference].sort((a, b) => a - b));
  });
});
