import { chunksWithoutData, type SourceExtent } from './chunk-fetcher';

const MiB = 1 << 20;
const all = async (extents: SourceExtent[], size: number): Promise<number[]> => {
  const out: number[] = [];
  for await (const i of chunksWithoutData(extents, MiB, size)) out.push(i);
  return out;
};

describe('chunksWithoutData', () => {
  it('lists the chunks wholly inside unallocated or zero ranges, joining adjacent ranges', async () => {
    const extents: SourceExtent[] = [
      { offset: 0, length: MiB, allocated: true },
      { offset: MiB, length: MiB / 2, allocated: false },
      { offset: 1.5 * MiB, length: 1.5 * MiB, allocated: true, zero: true }, // joins the hole before it: chunks 1 and 2
      { offset: 3 * MiB, length: MiB + 4096, allocated: true },
      { offset: 4 * MiB + 4096, length: 3 * MiB, allocated: false }, // chunk 4 has data in its first 4 KiB
    ];
    expect(await all(extents, 7 * MiB + 4096)).toEqual([1, 2, 5, 6, 7]); // 7: the short last chunk
  });

  it('counts a short last chunk when the hole reaches the end of the disk', async () => {
    expect(await all([{ offset: 0, length: 2.5 * MiB, allocated: false }], 2.5 * MiB)).toEqual([0, 1, 2]);
  });

  it('lists nothing for a fully allocated disk', async () => {
    expect(await all([{ offset: 0, length: 3 * MiB, allocated: true }], 3 * MiB)).toEqual([]);
  });
});
