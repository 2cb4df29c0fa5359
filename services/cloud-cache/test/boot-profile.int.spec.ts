/**
 * Boot profiles over the warm data path (real prem-esxi-manager, prem-manager and cloud-manager, the
 * cache's feed and iSCSI portal in this process): a boot-like read sequence replayed with qemu-io
 * (libiscsi) on a volume created with a profile key is recorded as that key's profile; a second volume
 * created with the same key gets those chunks from prem before any initiator reads, and the reads of
 * them are then cache hits with the source's bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { remoteFetchMetrics } from '../src/feed/remote-fetcher';
import type { CacheVolume } from '../src/cache/cache-volume';
import { InteractiveQemuIo } from './support/interactive-qemu-io';
import { makeSourceImage } from './support/tools';
import { startWarmPlane, type WarmPlane } from './support/warm-plane';

const MiB = 1 << 20;
const KEY = 'debian-12/int-test';
// Chunks in the order a boot would first touch them; 3 is read twice; 3 and 7 are holes of the source.
const BOOT_READS = [0, 20, 3, 17, 3, 28, 9, 7];
const FIRST_TOUCH = [0, 20, 3, 17, 28, 9, 7];

const summaryOf = (volume: CacheVolume, name: string) =>
  volume.stats.summary(name, { presentChunks: volume.presentChunks(), totalChunks: volume.chunkCount, chunkSize: volume.chunkSize, writtenChunks: volume.writtenCount(), fetchedOnDemandBytes: volume.fetchedOnDemandBytes() });

describe('boot profile: record on the first volume, prefetch on the next one of the same key', () => {
  let plane: WarmPlane | undefined;
  afterAll(() => plane?.stop());

  it('prefetches the recorded chunks in first-touch order before any read, and the reads of them are hits', async () => {
    plane = await startWarmPlane();
    const source = join(plane.sourceDir, 'disk.raw');
    await makeSourceImage(source, 32);
    const sourceBytes = await readFile(source);

    const first = 'iqn.2026-12.io.ferry:profile-first';
    await plane.addVolume(first, 'm-profile-first', 'disk-0', `file:${source}`, { bootProfileKey: KEY });
    const recording = plane.profileSessions.get(`${first}/0`);
    expect(recording?.used).toBe(false);
    const io = await InteractiveQemuIo.open(`iscsi://127.0.0.1:${plane.iscsiPort}/${first}/0`);
    try {
      for (const chunk of BOOT_READS) await io.command(`read ${chunk * MiB + 8192} 4k`);
    } finally {
      await io.close();
    }
    const profile = await recording?.finish();
    expect(profile?.chunks).toEqual(FIRST_TOUCH);

    const second = 'iqn.2026-12.io.ferry:profile-second';
    const volume = await plane.addVolume(second, 'm-profile-second', 'disk-0', `file:${source}`, { bootProfileKey: KEY });
    const prefetching = plane.profileSessions.get(`${second}/0`);
    expect(prefetching?.used).toBe(true);
    expect(await prefetching?.prefetched).toBe(FIRST_TOUCH.length);
    expect(FIRST_TOUCH.every((i) => volume.isPresent(i))).toBe(true);
    expect(volume.presentChunks()).toBe(FIRST_TOUCH.length);
    expect(volume.stats.reads).toBe(0);

    const reader = await InteractiveQemuIo.open(`iscsi://127.0.0.1:${plane.iscsiPort}/${second}/0`);
    try {
      for (const chunk of BOOT_READS) await reader.command(`read ${chunk * MiB} 1M`);
    } finally {
      await reader.close();
    }
    for (const chunk of FIRST_TOUCH) expect((await volume.read(chunk * MiB, MiB)).equals(sourceBytes.subarray(chunk * MiB, (chunk + 1) * MiB))).toBe(true);
    const summary = summaryOf(volume, `${second}/0`);
    expect(summary).toMatchObject({ bootProfileKey: KEY, bootProfileUsed: true, prefetchedChunks: FIRST_TOUCH.length, prefetchedBytes: FIRST_TOUCH.length * MiB, onDemandFetches: 0, readMisses: 0 });
    expect(summary.readHits).toBeGreaterThanOrEqual(BOOT_READS.length);
    expect(remoteFetchMetrics.rejectedFrames).toBe(0);
  }, 90_000);
});
