/**
 * kill -9 of prem-manager and of cloud-manager while a cache volume hydrates: after the restart the
 * demand lanes are dialled again, the hydration completes from the cache's own record of what it holds,
 * a chunk written through iSCSI is never overwritten, and the volume equals (source + writes).
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { run } from './support/tools';
import { startWarmPlane, type WarmPlane } from './support/warm-plane';

const MiB = 1 << 20;
const SIZE = 48 * MiB;

describe('warm data path: kill -9 of a data-plane service during hydration', () => {
  let plane: WarmPlane;
  let raw: string;
  let vmdk: string;

  beforeAll(async () => {
    plane = await startWarmPlane();
    raw = join(plane.dir, 'source.raw');
    // Dense random data, so the capped hydration has something to send all the way.
    await makeSourceRaw(raw, SIZE, [{ offset: 0, length: SIZE, kind: 'random' }]);
    vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(plane.sourceDir, 'disk.vmdk'));
  }, 120_000);

  afterAll(async () => {
    await plane?.stop();
  });

  it.each(['prem-manager', 'cloud-manager'] as const)('%s: hydration completes, writes survive, demand reads work again', async (victim) => {
    const iqn = `iqn.2026-12.io.ferry:crash-${victim}`;
    const migrationId = `m-crash-${victim}`;
    const url = `iscsi://127.0.0.1:${plane.iscsiPort}/${iqn}/0`;
    const volume = await plane.addVolume(iqn, migrationId, 'disk-0', `file:${vmdk}`);
    const expected = join(plane.dir, `expected-${victim}.raw`);
    await copyFile(raw, expected);
    const write = async (w: string): Promise<void> => {
      const remote = await run('qemu-io', ['-f', 'raw', '-c', w, url]);
      expect(remote.code).toBe(0);
      expect(remote.stdout + remote.stderr).not.toMatch(/error/i);
      expect((await run('qemu-io', ['-f', 'raw', '-c', w, expected])).code).toBe(0);
    };
    await write('write -P 0x5a 3M 8k');
    // 8 MiB/s: the 48 MiB copy lasts ~6 s, so the kill lands mid-hydration.
    await plane.startHydration(iqn, migrationId, 'disk-0', `file:${vmdk}`, 8 * MiB);
    const deadline = Date.now() + 30_000;
    while (volume.presentChunks() < 12 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const handle = victim === 'prem-manager' ? plane.prem : plane.cloud;
    await handle.kill9();
    const atKill = volume.presentChunks();
    expect(atKill).toBeLessThan(volume.chunkCount);
    // A write while the victim is down: it lands in the cache and must outlive the hydration.
    await write('write -P 0xa5 40M 1M');
    await handle.restart();
    // A demand read after the restart travels the redialled lanes (chunk 46 is far ahead of the copy).
    const read = await run('qemu-io', ['-f', 'raw', '-c', 'read 46M 64k', url]);
    expect(read.code).toBe(0);
    expect(read.stdout + read.stderr).not.toMatch(/error/i);
    await plane.hydrated(migrationId, 'disk-0');
    expect(volume.presentChunks()).toBe(volume.chunkCount);
    expect(volume.writtenChunks()).toEqual([3, 40]);
    const out = join(plane.dir, `hydrated-${victim}.raw`);
    expect((await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', url, out])).code).toBe(0);
    expect((await qemuCompare(expected, out, { a: 'raw', b: 'raw' })).output).toContain('identical');
    process.stdout.write(`kill -9 ${victim} during hydration: ${atKill} of ${volume.chunkCount} chunks present at the kill; completed, writes kept\n`);
  }, 240_000);
});
