import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheVolume } from '../cache/cache-volume';
import type { ChunkFetcher } from '../cache/chunk-fetcher';
import { BootProfiles } from './boot-profiles';

const CHUNK = 64 * 1024;
const KEY = 'debian-12/ferry-test';
const source = (): ChunkFetcher => ({ size: 16 * CHUNK, fetch: async (i) => Buffer.alloc(CHUNK, i + 1), close: async () => undefined });

describe('BootProfiles', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-boot-profiles-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('given a first boot, then reads and partial writes of absent chunks are recorded in first-touch order, whole-chunk writes are not', async () => {
    const profiles = new BootProfiles({ dir: join(dir, 'profiles') });
    const volume = await CacheVolume.open({ name: 'v', dir: join(dir, 'v'), fetcher: source(), chunkSize: CHUNK });
    const session = await profiles.attach(volume, KEY);
    await volume.read(2 * CHUNK, 512);
    await volume.write(5 * CHUNK + 100, Buffer.alloc(512, 9), false);
    await volume.write(7 * CHUNK, Buffer.alloc(CHUNK, 9), false);
    await volume.write(2 * CHUNK, Buffer.alloc(512, 9), false);
    await volume.read(CHUNK - 256, 512);
    expect((await session.finish())?.chunks).toEqual([2, 5, 0, 1]);
    expect(volume.stats.summary('v', { presentChunks: 0, totalChunks: 16, chunkSize: CHUNK, writtenChunks: 0, fetchedOnDemandBytes: 0 })).toMatchObject({ bootProfileKey: KEY, bootProfileUsed: false });
    await volume.close();
  });

  it('given a stored profile, when a volume of the same key is created, then it is prefetched and nothing is recorded over it', async () => {
    const profiles = new BootProfiles({ dir: join(dir, 'profiles') });
    const first = await CacheVolume.open({ name: 'a', dir: join(dir, 'a'), fetcher: source(), chunkSize: CHUNK });
    const recording = await profiles.attach(first, KEY);
    await first.read(9 * CHUNK, 512);
    await first.read(4 * CHUNK, 512);
    await recording.finish();
    const second = await CacheVolume.open({ name: 'b', dir: join(dir, 'b'), fetcher: source(), chunkSize: CHUNK });
    const session = await profiles.attach(second, KEY);
    expect(session.used).toBe(true);
    expect(await session.prefetched).toBe(2);
    expect([second.isPresent(9), second.isPresent(4), second.presentChunks()]).toEqual([true, true, 2]);
    await Promise.all([first.close(), second.close()]);
  });
});
