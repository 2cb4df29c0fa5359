/**
 * Migrate back's data path, with the VM already on cloud storage: prem-manager's shipper runs a transfer
 * from cloud-manager's block source (the cloud disk, sealed at the source) to prem-esxi-manager's block
 * writer (the prem disk, written in place), in TRANSFER_MODE_DELTA_HASHES: the prem disk's own hashes
 * against the cloud disk's decide what ships, so exactly the chunks that differ cross the wire, and the
 * prem disk ends equal to the cloud disk. Connections go the way the firewall allows: prem-manager dials
 * both. kill -9 of prem-esxi-manager and then of prem-manager mid-way: the transfer completes.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { getTransfer, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';
import { ferry } from '@ferry/proto';

jest.setTimeout(180_000);
const MiB = 1 << 20;
const SIZE = 32 * MiB;

describe('migrate back: cloud disk → prem disk, only what differs', () => {
  let plane: DataPlane;

  beforeAll(async () => {
    plane = await startDataPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  /** A prem VMDK (monolithicFlat) and the cloud copy with `changed` 1 MiB chunks rewritten. */
  async function disks(name: string, changed: number[]): Promise<{ vmdk: string; flat: string; cloud: string }> {
    const raw = join(plane.dir, `${name}.raw`);
    await makeSourceRaw(raw, SIZE, [{ offset: 0, length: 20 * MiB, kind: 'random' }, { offset: 24 * MiB, length: 4 * MiB, kind: 'text' }]);
    await mkdir(join(plane.sourceDir, name), { recursive: true });
    const vmdk = await makeImage(raw, 'vmdk-monolithicFlat', join(plane.sourceDir, name, `${name}.vmdk`));
    const cloud = join(plane.targetDir, `${name}-cloud.raw`);
    await copyFile(raw, cloud);
    const file = await open(cloud, 'r+');
    // Random (incompressible) data, so the wire carries each changed chunk whole.
    for (const index of changed) await file.write(randomBytes(MiB), 0, MiB, index * MiB);
    await file.close();
    return { vmdk, flat: vmdk.replace(/\.vmdk$/, '-flat.vmdk'), cloud };
  }

  const reverse = (migrationId: string, cloud: string, flat: string, maxBytesPerSecond = 0) =>
    startTransfer(plane, {
      migrationId, diskId: 'disk-0', generation: 1, mode: TransferMode.TRANSFER_MODE_DELTA_HASHES, maxBytesPerSecond,
      sourceEndpoint: plane.cloudBlockEndpoint, sourceLocator: `file:${cloud}`, targetEndpoint: plane.premWriteEndpoint, targetPath: flat,
    });

  it('ships exactly the chunks that differ and the prem disk equals the cloud disk', async () => {
    const changed = [0, 5, 6, 21, 30];
    const { vmdk, flat, cloud } = await disks('web', changed);
    await reverse('mb-web', cloud, flat);
    const done = await waitForTransfer(plane, { migrationId: 'mb-web', diskId: 'disk-0', generation: 1 });
    expect(Number(done.chunksSent)).toBe(changed.length);
    expect((await qemuCompare(cloud, vmdk, { a: 'raw', b: 'vmdk' })).identical).toBe(true);
  });

  it('completes after kill -9 of prem-esxi-manager and of prem-manager mid-way', async () => {
    const changed = Array.from({ length: 12 }, (_, i) => i * 2 + 1);
    const { vmdk, flat, cloud } = await disks('db', changed);
    // A capped rate (1 MiB/s) keeps the transfer running through both kills.
    await reverse('mb-db', cloud, flat, MiB);
    const key = { migrationId: 'mb-db', diskId: 'disk-0', generation: 1 };
    const running = async (): Promise<string> => ferry.dataplane.v1.TransferState[(await getTransfer(plane, key)).state] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await running()).toBe('TRANSFER_STATE_RUNNING');
    await plane.esxi.kill9();
    await plane.esxi.restart();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await running()).toBe('TRANSFER_STATE_RUNNING');
    await plane.prem.kill9();
    await plane.prem.restart();
    const done = await waitForTransfer(plane, key);
    // Every changed chunk crossed at least once, nothing else did (a chunk cut by a kill is resent).
    expect(Number(done.chunksSent)).toBe(changed.length);
    expect(Number(done.sessions)).toBeGreaterThanOrEqual(2);
    expect((await qemuCompare(cloud, vmdk, { a: 'raw', b: 'vmdk' })).identical).toBe(true);
  });
});
