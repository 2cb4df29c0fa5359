// A cloud cache whose file system fills up during a hydration: cloud-cache reports "no space" (the
// volume's folder, how much) through cloud-manager's relay to prem-manager, as a full datastore is
// reported, instead of a generic stream failure; the transfer waits with the reason in GetTransfer
// and, once room is made, completes by itself with the volume equal to the source. The cache folder
// is a real 8 MiB tmpfs (the tests run as root); the data path is the real one (warm-plane).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { run as runTool } from './support/tools';
import { startWarmPlane, type WarmPlane } from './support/warm-plane';

jest.setTimeout(180_000);
const run = promisify(execFile);
const MiB = 1 << 20;
const SIZE = 24 * MiB;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a cloud cache without room during hydration', () => {
  let plane: WarmPlane;
  let cacheDir = '';
  let mounted = false;

  beforeAll(async () => {
    plane = await startWarmPlane();
    cacheDir = join(plane.dir, 'cache');
    await mkdir(cacheDir, { recursive: true });
    await run('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'ferry-small-cache', cacheDir]);
    mounted = true;
  }, 120_000);
  afterAll(async () => {
    for (const v of plane?.volumes.values() ?? []) await v.close().catch(() => undefined);
    if (mounted) await run('umount', [cacheDir]).catch(() => run('umount', ['-l', cacheDir]));
    await plane?.stop();
  });

  it('waits with the cache folder named in GetTransfer, then completes by itself once room is made, the volume equal to the source', async () => {
    const raw = join(plane.dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [{ offset: 0, length: SIZE, kind: 'random' }]);
    const vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(plane.sourceDir, 'disk.vmdk'));
    const iqn = 'iqn.2026-12.io.ferry:cache-full';
    const migrationId = 'm-cache-full';
    const volume = await plane.addVolume(iqn, migrationId, 'disk-0', `file:${vmdk}`);
    await plane.startHydration(iqn, migrationId, 'disk-0', `file:${vmdk}`);

    const id = { migrationId, diskId: 'disk-0', generation: 1 };
    const status = async (): Promise<ferry.dataplane.v1.TransferStatus> => unaryCall(plane.control, 'GetTransfer', id);
    let seen = await status();
    for (const deadline = Date.now() + 30_000; seen.waitingReason === '' && Date.now() < deadline; ) {
      expect(seen.state).not.toBe(ferry.dataplane.v1.TransferState.TRANSFER_STATE_FAILED);
      await sleep(100);
      seen = await status();
    }
    process.stdout.write(`hydration waiting: ${seen.waitingReason} (need ${seen.spaceNeededBytes} bytes)\n`);
    expect(seen.state).toBe(ferry.dataplane.v1.TransferState.TRANSFER_STATE_RUNNING);
    expect(seen.waitingReason).toMatch(new RegExp(`^no space on ${cacheDir}/[0-9a-f]+ \\(ENOSPC\\): about \\d+\\.\\d MiB more needed, \\d+\\.\\d MiB free$`));
    expect(Number(seen.spaceNeededBytes)).toBeGreaterThanOrEqual(MiB);
    expect(volume.presentChunks()).toBeLessThan(volume.chunkCount);

    await run('mount', ['-o', 'remount,size=64m', cacheDir]);
    const done = await plane.hydrated(migrationId, 'disk-0', 90_000);
    expect(done.waitingReason).toBe('');
    expect(volume.presentChunks()).toBe(volume.chunkCount);
    const out = join(plane.dir, 'hydrated.raw');
    expect((await runTool('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', `iscsi://127.0.0.1:${plane.iscsiPort}/${iqn}/0`, out])).code).toBe(0);
    expect((await qemuCompare(raw, out, { a: 'raw', b: 'raw' })).identical).toBe(true);
  });
});
