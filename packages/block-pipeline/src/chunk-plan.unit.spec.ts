import { planChunks } from './chunk-plan';
import { unwrapDataKey, wrapDataKey, newDataKey } from './keys';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('planChunks', () => {
  it('turns holes and zero extents into zero chunks and keeps a short last chunk', async () => {
    const mib = 1 << 20;
    const extents = [
      { offset: 0, length: mib / 2, allocated: true },
      { offset: mib / 2, length: 2 * mib, allocated: false },
      { offset: 2.5 * mib, length: mib, allocated: true, zero: true },
      { offset: 3.5 * mib, length: 0.75 * mib, allocated: true },
    ];
    const chunks = await collect(planChunks(extents, 4.25 * mib, mib));
    expect(chunks.map((c) => c.kind)).toEqual(['data', 'zero', 'zero', 'data', 'data']);
    expect(chunks[4]).toEqual({ index: 4, offset: 4 * mib, length: mib / 4, kind: 'data' });
  });

  it('rejects a chunk size that is not a power of two', async () => {
    await expect(collect(planChunks([], 10, 1000))).rejects.toThrow(/chunkSize: must be a power of two/);
  });
});

describe('data key wrapping', () => {
  it('opens only with the same site key and migration', () => {
    const site = newDataKey();
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(site, dataKey, 'mig-1');
    expect(unwrapDataKey(site, wrapped, 'mig-1').equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(newDataKey(), wrapped, 'mig-1')).toThrow(/does not open with this site key/);
    expect(() => unwrapDataKey(site, wrapped, 'mig-2')).toThrow(/does not open with this site key/);
  });
});
