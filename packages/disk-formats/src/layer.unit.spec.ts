import { coalesce, isAllZero } from './layer';
import type { Extent } from './types';

async function* from(extents: Extent[]): AsyncIterable<Extent> {
  yield* extents;
}

async function collect(extents: AsyncIterable<Extent>): Promise<Extent[]> {
  const out: Extent[] = [];
  for await (const extent of extents) out.push(extent);
  return out;
}

describe('coalesce', () => {
  it('joins adjacent runs of the same kind and marks unallocated runs zero', async () => {
    const runs = await collect(
      coalesce(
        from([
          { offset: 0, length: 10, allocated: false },
          { offset: 10, length: 5, allocated: false, zero: true },
          { offset: 15, length: 5, allocated: true, zero: false },
          { offset: 20, length: 0, allocated: true, zero: true },
          { offset: 20, length: 5, allocated: true },
          { offset: 25, length: 5, allocated: true, zero: true },
        ]),
      ),
    );
    expect(runs).toEqual([
      { offset: 0, length: 15, allocated: false, zero: true },
      { offset: 15, length: 10, allocated: true, zero: false },
      { offset: 25, length: 5, allocated: true, zero: true },
    ]);
  });
});

describe('isAllZero', () => {
  it('finds a single set byte anywhere in a buffer longer than the zero page', () => {
    const data = Buffer.alloc(200_000);
    expect(isAllZero(data)).toBe(true);
    data[199_999] = 1;
    expect(isAllZero(data)).toBe(false);
  });
});
