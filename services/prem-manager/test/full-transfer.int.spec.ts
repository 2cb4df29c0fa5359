import { join } from 'node:path';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { getTransfer, mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

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

  it('holds a transfer to its max_bytes_per_second cap, and refuses a cap below 1 MiB/s naming the field', async () => {
    const raw = join(plane.sourceDir, 'capped.raw');
    await makeSourceRaw(raw, 24 * MiB, [{ offset: 0, length: 24 * MiB, kind: 'random' }]);
    const target = join(plane.targetDir, 'capped.raw');
    const id = { migrationId: 'mig-capped', diskId: 'd', generation: 1 };
    const cap = 6 * MiB;
    const started = Date.now();
    const running = await startTransfer(plane, { ...id, sourceLocator: `file:${raw}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: cap });
    expect(Number(running.completedAtMs)).toBe(0); // not completed yet
    const status = await waitForTransfer(plane, id);
    const seconds = (Date.now() - started) / 1000;
    // When it completed, on prem-manager's clock (this machine's): after the start, before the poll that saw it.
    const completedAt = Number(status.completedAtMs);
    expect(completedAt).toBeGreaterThan(started);
    expect(completedAt).toBeLessThanOrEqual(Date.now());
    expect(Number(status.maxBytesPerSecond)).toBe(cap);
    expect(await qemuCompare(raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    // Random data travels in full: at the cap it cannot take less than its wire bytes allow (less the 0.25 s burst).
    const wireBytes = Number(status.wireBytes);
    expect(wireBytes).toBeGreaterThan(24 * MiB);
    expect(seconds).toBeGreaterThanOrEqual(wireBytes / cap - 0.25);
    expect((completedAt - started) / 1000).toBeGreaterThanOrEqual(wireBytes / cap - 0.25);
    process.stdout.write(`capped transfer: ${(wireBytes / MiB).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ${(wireBytes / MiB / seconds).toFixed(2)} MiB/s under a 6 MiB/s cap\n`);

    await expect(startTransfer(plane, { migrationId: 'mig-slow', diskId: 'd', generation: 1, sourceLocator: `file:${raw}`, targetPath: join(plane.targetDir, 'slow.raw'), mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: 1000 }))
      .rejects.toMatchObject({ code: 3, message: expect.stringMatching(/max_bytes_per_second: must be 0 \(no cap\) or at least 1048576 \(1 MiB\/s\), got 1000/) });
  });

  it('a new StartTransfer changes the cap of a running session at once: lifted, the copy finishes in the same session', async () => {
    const raw = join(plane.sourceDir, 'lifted.raw');
    await makeSourceRaw(raw, 16 * MiB, [{ offset: 0, length: 16 * MiB, kind: 'random' }]);
    const target = join(plane.targetDir, 'lifted.raw');
    const id = { migrationId: 'mig-lifted', diskId: 'd', generation: 1 };
    const request = { ...id, sourceLocator: `file:${raw}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: 256 * 1024 };
    // At 1 MiB/s the 16 MiB would take 16 s.
    await startTransfer(plane, { ...request, maxBytesPerSecond: MiB });
    for (let sent = 0; sent < 2; ) {
      sent = Number((await getTransfer(plane, id)).framesSent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lifted = Date.now();
    expect(Number((await startTransfer(plane, request)).maxBytesPerSecond)).toBe(0);
    const status = await waitForTransfer(plane, id);
    const seconds = (Date.now() - lifted) / 1000;
    expect(await qemuCompare(raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(status.sessions)).toBe(1);
    // Still capped, the rest (over 15 MiB) would need more than 15 s; lifted, it takes a fraction of that.
    expect(seconds).toBeLessThan(8);
    process.stdout.write(`cap lifted mid-session: the remaining data took ${seconds.toFixed(2)} s in the same session\n`);
  });

  it('refuses a target outside the receiver target root with a clear error', async () => {
    const raw = join(plane.sourceDir, 'small.raw');
    await makeSourceRaw(raw, 4 * MiB, [{ offset: 0, length: MiB, kind: 'text' }]);
    await startTransfer(plane, { migrationId: 'mig-bad', diskId: 'd', generation: 1, sourceLocator: `file:${raw}`, targetPath: '/etc/ferry-target.raw', mode: TransferMode.TRANSFER_MODE_FULL });
    await expect(waitForTransfer(plane, { migrationId: 'mig-bad', diskId: 'd', generation: 1 }, 30_000)).rejects.toThrow(/outside the target root/);
  });
});
