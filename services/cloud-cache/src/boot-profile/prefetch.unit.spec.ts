import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheVolume } from '../cache/cache-volume';
import type { ChunkFetcher, FetchedChunk } from '../cache/chunk-fetcher';
import { startHydration } from '../cache/hydrator';
import { prefetchProfile } from './prefetch';

const CHUNK = 64 * 1024;
const content = (i: number): Buffer => Buffer.alloc(CHUNK, i + 1);

/** A source whose background answers wait until the gate opens (then answer at once); every ask is logged in order. */
function heldSource(chunks: number) {
  const log: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const fetcher: ChunkFetcher = {
    size: chunks * CHUNK,
    async fetch(i) {
      log.push(`fetch ${i}`);
      return content(i);
    },
    fetchAhead(indexes) {
      log.push(`ahead ${indexes.join(',')}`);
      return new Map(indexes.map((i) => [i, gate.then((): FetchedChunk => ({ data: content(i) }))]));
    },
    close: async () => undefined,
  };
  return { fetcher, log, releaseAll: open };
}

describe('prefetchProfile', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-prefetch-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('given a profile, then its chunks are asked for in profile order, in batches, skipping chunks already present', async () => {
    const source = heldSource(16);
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: source.fetcher, chunkSize: CHUNK });
    await volume.read(9 * CHUNK, 10);
    const prefetch = prefetchProfile(volume, [12, 3, 9, 7, 1], { batchChunks: 2, window: 1 });
    source.releaseAll();
    expect(await prefetch).toBe(4);
    expect(source.log).toEqual(['fetch 9', 'ahead 12,3', 'ahead 7,1']);
    expect((await volume.read(3 * CHUNK, CHUNK)).equals(content(3))).toBe(true);
    expect(volume.stats.prefetchedChunks).toBe(4);
    await volume.close();
  });

  it('given the prefetch is waiting for its answers, a demand read of another chunk is fetched at once, and a read of a chunk on its way waits for it', async () => {
    const source = heldSource(16);
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: source.fetcher, chunkSize: CHUNK });
    const prefetch = prefetchProfile(volume, [4, 5, 6, 7], { batchChunks: 2, window: 1 });
    expect((await volume.read(10 * CHUNK, CHUNK)).equals(content(10))).toBe(true);
    const onItsWay = volume.read(5 * CHUNK, CHUNK);
    source.releaseAll();
    expect((await onItsWay).equals(content(5))).toBe(true);
    await prefetch;
    expect(source.log).toEqual(['ahead 4,5', 'fetch 10', 'ahead 6,7']);
    expect(volume.stats.onDemandFetches).toBe(1);
    await volume.close();
  });

  it('given the source cannot give one profile chunk, then the prefetch lands the others and resolves without it', async () => {
    const fetcher: ChunkFetcher = {
      size: 8 * CHUNK,
      fetch: async (i) => {
        if (i === 3) throw new Error('prem unreachable');
        return content(i);
      },
      close: async () => undefined,
    };
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher, chunkSize: CHUNK });
    expect(await prefetchProfile(volume, [1, 3, 5], { batchChunks: 2, window: 2 })).toBe(2);
    expect([volume.isPresent(1), volume.isPresent(3), volume.isPresent(5)]).toEqual([true, false, true]);
    await volume.close();
  });

  it('given a hydration starts while the profile is on its way, then the profile chunks land before the hydration copies anything', async () => {
    const source = heldSource(8);
    const volume = await CacheVolume.open({ name: 'v', dir, fetcher: source.fetcher, chunkSize: CHUNK });
    const prefetch = prefetchProfile(volume, [6, 2], { batchChunks: 2, window: 1 });
    const hydration = startHydration(volume, { yieldMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(source.log).toEqual(['ahead 6,2']);
    source.releaseAll();
    await prefetch;
    await hydration.done;
    expect(source.log).toEqual(['ahead 6,2', 'fetch 0', 'fetch 1', 'fetch 3', 'fetch 4', 'fetch 5', 'fetch 7']);
    expect(volume.presentChunks()).toBe(8);
    await volume.close();
  });
});
