/**
 * kill -9 of cloud-cache itself while its volume hydrates: the volume comes back from CACHE_DIR,
 * cloud-manager dials the cache's lane again, prem-manager's transfer resumes from the cache's record
 * of what it holds, a write made before the kill and one made after the restart both survive, the
 * volume ends equal to (source + writes), and so does the VMDK it is then moved to on the cloud vCenter.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { localDiskPath } from '../../../packages/vsphere/test/nfc-import-helpers';
import { run } from './support/tools';
import { startWarmSite, type WarmSite } from './support/warm-site';

const MiB = 1 << 20;
const SIZE = 48 * MiB;
const IQN = 'iqn.2026-12.io.ferry:vm-cache-crash';
const MIGRATION = 'm-warm-cache-crash';

describe('warm data path: kill -9 of cloud-cache during hydration', () => {
  let site: WarmSite;
  let raw: string;
  let vmdk: string;

  beforeAll(async () => {
    site = await startWarmSite({ cloudVcenter: true });
    raw = join(site.dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [{ offset: 0, length: SIZE, kind: 'random' }]);
    vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(site.sourceDir, 'disk.vmdk'));
    await site.addMigration(MIGRATION);
  }, 120_000);

  afterAll(async () => {
    await site?.stop();
  });

  it('completes after the restart with every write kept, and moves to cloud storage equal to source + writes', async () => {
    await site.addVolume(IQN, MIGRATION, 'disk-0', `file:${vmdk}`);
    const expected = join(site.dir, 'expected.raw');
    await copyFile(raw, expected);
    const write = async (w: string): Promise<void> => {
      const remote = await run('qemu-io', ['-f', 'raw', '-c', w, site.url(IQN)]);
      expect(remote.stdout + remote.stderr).not.toMatch(/error/i);
      expect(remote.code).toBe(0);
      expect((await run('qemu-io', ['-f', 'raw', '-c', w, expected])).code).toBe(0);
    };
    await write('write -P 0x3c 2M 16k');
    // 8 MiB/s: the 48 MiB copy lasts ~6 s, so the kill lands mid-hydration.
    await site.startHydration(IQN, MIGRATION, 'disk-0', `file:${vmdk}`, 8 * MiB);
    const present = async (): Promise<number> => Number((await site.describe(IQN)).luns[0]?.presentChunks ?? 0);
    for (const deadline = Date.now() + 30_000; (await present()) < 12 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    const atKill = await present();
    await site.cache.kill9();
    await site.cache.restart();
    const afterRestart = await present();
    // Nothing acknowledged before the kill is lost: the volume restarts with at least what it had (minus the unflushed batch).
    expect(afterRestart).toBeGreaterThanOrEqual(atKill - 4);
    expect(afterRestart).toBeLessThan(SIZE / MiB);
    await write('write -P 0xc3 44M 1M');
    const status = await site.hydrationEnded(MIGRATION, 'disk-0');
    expect(status.error).toBe('');
    expect(status.state).toBe(ferry.dataplane.v1.TransferState.TRANSFER_STATE_COMPLETED);
    const written = await site.command<ferry.cache.v1.WrittenChunks>('written-chunks', ferry.cache.v1.WrittenChunksRequest.create({ iqn: IQN, lun: 0 }));
    expect(written.indexes).toEqual([2, 44]);
    const out = join(site.dir, 'hydrated.raw');
    expect((await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', site.url(IQN), out])).code).toBe(0);
    expect((await qemuCompare(expected, out, { a: 'raw', b: 'raw' })).output).toContain('identical');
    const vc = site.cloudVcenter!;
    const moved = await site.command<ferry.cache.v1.VolumeMoved>('move-volume', ferry.cache.v1.MoveVolumeRequest.create({ iqn: IQN, lun: 0, vmName: 'vm-cache-crash', datastore: vc.datastores[0]!.name, requestId: 'move-crash' }), 120_000);
    expect(Number(moved.chunksWrittenDuringMove)).toBe(0);
    expect((await qemuCompare(expected, localDiskPath(vc, moved.diskPath), { a: 'raw', b: 'vmdk' })).identical).toBe(true);
    process.stdout.write(`kill -9 cloud-cache during hydration: ${atKill} of ${SIZE / MiB} chunks present at the kill, ${afterRestart} after the restart; ${status.sessions} sessions; completed, writes kept\n`);
  }, 240_000);
});
