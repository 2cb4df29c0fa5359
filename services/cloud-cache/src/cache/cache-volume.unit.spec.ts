import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheVolume } from './cache-volume';
import type { ChunkFetcher } from './chunk-fetcher';

const CHUNK = 64 * 1024;
function fetcher(size: number): ChunkFetcher & { calls: number[] } {
  const calls: number[] = [];
  return {
    size,
    calls,
    async fetch(i: number): Promise<Buffer> {
      calls.push(i);
      await new Promise((r) => setTimeout(r, 5));
      return Buffer.alloc(CHUNK, i + 1);
    },
    close: async () => undefined,
  };
}

describe('CacheVolume', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-vol-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('given an empty cache, when many reads want the same chunk, then it is fetched once', async () => {
    const source = fetcher(4 * CHUNK);
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: source, chunkSize: CHUNK });
    const reads = await Promise.all(Array.from({ length: 8 }, (_, k) => volume.read(CHUNK + k * 100, 100)));
    expect(source.calls).toEqual([1]);
    for (const r of reads) expect(r.equals(Buffer.alloc(100, 2))).toBe(true);
    expect(volume.stats.onDemandFetches).toBe(1);
    await volume.close();
  });

  it('keeps flushed writes and the written-chunk bitmap across a reopen, and never refetches them', async () => {
    const first = fetcher(4 * CHUNK);
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: first, chunkSize: CHUNK });
    await volume.write(2 * CHUNK + 10, Buffer.from('hello'), true);
    await volume.zero(3 * CHUNK, CHUNK, true);
    const second = fetcher(4 * CHUNK);
    const reopened = await CacheVolume.open({ name: 'v', dir, fetcher: second, chunkSize: CHUNK });
    const data = await reopened.read(2 * CHUNK, 2 * CHUNK);
    expect(data.subarray(10, 15).toString()).toBe('hello');
    expect(data[0]).toBe(3); // the rest of chunk 2 is the source's
    expect(data.subarray(CHUNK).equals(Buffer.alloc(CHUNK))).toBe(true);
    expect(second.calls).toEqual([]);
    expect(reopened.writtenChunks()).toEqual([2, 3]);
    expect(reopened.isDeallocated(3)).toBe(true);
    await volume.close();
    await reopened.close();
  });

  it('keeps the bytes fetched on demand across a reopen (a cloud-cache restart), and counts a hydrated chunk as no fetch', async () => {
    const size = 3 * CHUNK + 1000;
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: fetcher(size), chunkSize: CHUNK });
    await volume.read(0, 10);
    await volume.read(3 * CHUNK, 10); // the short last chunk: 1000 bytes
    await volume.landHydrated(1, Buffer.alloc(CHUNK, 7), Buffer.alloc(32), false);
    await volume.flush();
    expect(volume.fetchedOnDemandBytes()).toBe(CHUNK + 1000);
    await volume.close();
    const reopened = await CacheVolume.open({ name: 'v', dir, fetcher: fetcher(size), chunkSize: CHUNK });
    expect(reopened.stats.onDemandFetchBytes).toBe(0); // the session's counter starts again…
    expect(reopened.fetchedOnDemandBytes()).toBe(CHUNK + 1000); // …the volume's own count does not
    await reopened.close();
  });
});
