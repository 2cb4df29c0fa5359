import { chunksOfAreas, MAX_CHANGED_AREAS } from './vsphere-precopy';

const MiB = 2 ** 20;

describe('CBT areas as data-plane chunks', () => {
  it('maps each changed area to every chunk it touches, once, ascending, and sums the changed bytes', () => {
    const areas = [{ start: 3 * MiB + 65536, length: 65536 }, { start: MiB - 4096, length: 8192 }, { start: 3 * MiB, length: 65536 }, { start: 7 * MiB, length: 0 }];
    expect(chunksOfAreas(areas, MiB)).toMatchObject({ chunks: [0, 1, 3], changedBytes: 65536 + 8192 + 65536 });
  });
  it('an area of whole chunks is exactly those chunks', () => {
    expect(chunksOfAreas([{ start: 2 * MiB, length: 2 * MiB }], MiB)).toMatchObject({ chunks: [2, 3], changedBytes: 2 * MiB });
  });
  it('keeps the non-empty areas for the data plane to send as changed spans, unless there are too many to send', () => {
    expect(chunksOfAreas([{ start: MiB - 4096, length: 8192 }, { start: 7 * MiB, length: 0 }], MiB).areas).toEqual([{ offset: MiB - 4096, length: 8192 }]);
    const many = Array.from({ length: MAX_CHANGED_AREAS + 1 }, (_, i) => ({ start: i * 131072, length: 65536 }));
    const changed = chunksOfAreas(many, MiB);
    expect(changed.areas).toBeUndefined();
    expect(changed.chunks.length).toBe(Math.ceil((MAX_CHANGED_AREAS + 1) / 8));
  });
});
