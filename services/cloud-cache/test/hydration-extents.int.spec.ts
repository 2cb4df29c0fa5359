// Hydration over a real qcow2 made by qemu-img: the source's unallocated ranges are marked as zeros
// from its metadata, only allocated chunks are fetched, and the cache then reads as the image does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDisk } from '@ferry/disk-formats';
import { makeImage, makeSourceRaw, makeTempDir, qemuConvertToRaw } from '@ferry/testing';
import { CacheVolume } from '../src/cache/cache-volume';
import { diskFetcher } from '../src/cache/chunk-fetcher';
import { startHydration } from '../src/cache/hydrator';

const MiB = 1 << 20;

it('hydrates a sparse qcow2 by fetching only its allocated chunks; the cache equals qemu-img convert -O raw', async () => {
  const { dir, cleanup } = await makeTempDir('ferry-hydrate-');
  try {
    const size = 32 * MiB + 12_345; // not a multiple of the chunk size
    // Data in chunks 0-1, 10 and 31-32; the rest never written (unallocated in the qcow2).
    const raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, size, [
      { offset: 0, length: 2 * MiB, kind: 'random' },
      { offset: 2 * MiB, length: 8 * MiB, kind: 'zero' },
      { offset: 10 * MiB, length: MiB, kind: 'text' },
      { offset: 11 * MiB, length: 20 * MiB, kind: 'zero' },
      { offset: 31 * MiB, length: size - 31 * MiB, kind: 'random' },
    ]);
    const qcow2 = await makeImage(raw, 'qcow2-v3', join(dir, 'source.qcow2'));
    const fetcher = diskFetcher(await openDisk(qcow2), MiB);
    const fetched: number[] = [];
    const counting = { ...fetcher, fetch: (i: number) => (fetched.push(i), fetcher.fetch(i)) };
    const volume = await CacheVolume.open({ name: 'sparse', dir: join(dir, 'cache'), fetcher: counting, chunkSize: MiB });
    await startHydration(volume).done;
    expect(volume.nextAbsent(0)).toBe(-1);
    expect(fetched.sort((a, b) => a - b)).toEqual([0, 1, 10, 31, 32]);
    const expected = await readFile(await qemuConvertToRaw(qcow2, join(dir, 'expected.raw')));
    expect(volume.size).toBe(expected.length); // qemu-img rounds the virtual size up to whole sectors
    expect((await volume.read(0, volume.size)).equals(expected)).toBe(true);
    expect(fetched).toHaveLength(5); // the read was served from the cache
    await volume.close();
  } finally {
    await cleanup();
  }
});
