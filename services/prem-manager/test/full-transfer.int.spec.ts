import { join } from 'node:path';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

describe('a full transfer through the three real services (mutual TLS, AES-GCM, zstd)', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('copies a qcow2 source and two raw disks in parallel; every target equals its source', async () => {
    const size = 64 * MiB;
    const raw = join(plane.sourceDir, 'disk0.raw');
    await makeSourceRaw(raw, size, mixedRegions(size));
    const qcow2 = await makeImage(raw, 'qcow2-v3', join(plane.sourceDir, 'disk0.qcow2'));
    const raw2 = join(plane.sourceDir, 'disk1.raw');
    await makeSourceRaw(raw2, 40 * MiB + 512, mixedRegions(40 * MiB).reverse().slice(1).reverse());
    const disks = [
      { diskId: 'disk-0', source: qcow2, target: join(plane.targetDir, 'disk-0.raw') },
      { diskId: 'disk-1', source: raw2, target: join(plane.targetDir, 'disk-1.raw') },
    ];
    await Promise.all(disks.map((d) => startTransfer(plane, { migrationId: 'mig-full', diskId: d.diskId, generation: 1, sourceLocator: `file:${d.source}`, targetPath: d.target, mode: TransferMode.TRANSFER_MODE_FULL })));
    const statuses = await Promise.all(disks.map((d) => waitForTransfer(plane, { migrationId: 'mig-full', diskId: d.diskId, generation: 1 })));
    for (const [i, d] of disks.entries()) {
      expect(await qemuCompare(d.source, d.target, { b: 'raw' })).toMatchObject({ identical: true });
      const status = statuses[i]!;
      expect(Number(status.framesSent)).toBe(Number(status.chunksSent)); // nothing sent twice without a crash
      expect(Number(status.chunksSent)).toBeLessThan(Number(status.chunksTotal)); // holes never travel
      expect(Number(status.wireBytes)).toBeLessThan(size); // zeros and text do not travel in full
    }
  });

  it('refuses a target outside the receiver target root with a clear error', async () => {
    const raw = join(plane.sourceDir, 'small.raw');
    await makeSourceRaw(raw, 4 * MiB, [{ offset: 0, length: MiB, kind: 'text' }]);
    await startTransfer(plane, { migrationId: 'mig-bad', diskId: 'd', generation: 1, sourceLocator: `file:${raw}`, targetPath: '/etc/ferry-target.raw', mode: TransferMode.TRANSFER_MODE_FULL });
    await expect(waitForTransfer(plane, { migrationId: 'mig-bad', diskId: 'd', generation: 1 }, 30_000)).rejects.toThrow(/outside the target root/);
  });
});
