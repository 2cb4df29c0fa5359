import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, qemuCompare } from '@ferry/testing';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

/** Overwrites `count` distinct 1 MiB chunks (spread over the disk) with random bytes; returns their indexes. */
async function changeChunks(path: string, size: number, count: number): Promise<number[]> {
  const total = size / MiB;
  const indexes = Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * total) / count));
  const file = await open(path, 'r+');
  for (const index of indexes) await file.write(randomBytes(64 * 1024), 0, 64 * 1024, index * MiB + 1000);
  await file.close();
  return indexes;
}

describe('delta sync', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it.each([
    ['from a changed-chunk list', TransferMode.TRANSFER_MODE_DELTA_CHANGED],
    ['by comparing chunk hashes', TransferMode.TRANSFER_MODE_DELTA_HASHES],
  ])('%s sends only the 2%% changed chunks and the digest verifies', async (_name, mode) => {
    const size = 200 * MiB;
    const source = join(plane.sourceDir, `delta-${mode}.raw`);
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(plane.targetDir, `delta-${mode}.raw`);
    const base = { migrationId: `mig-delta-${mode}`, diskId: 'disk-0', sourceLocator: `file:${source}`, targetPath: target };
    await startTransfer(plane, { ...base, generation: 1, mode: TransferMode.TRANSFER_MODE_FULL });
    const full = await waitForTransfer(plane, { ...base, generation: 1 });
    const changed = await changeChunks(source, size, 4); // 2% of 200 chunks
    await startTransfer(plane, { ...base, generation: 2, mode, changedChunks: mode === TransferMode.TRANSFER_MODE_DELTA_CHANGED ? changed : [] });
    const delta = await waitForTransfer(plane, { ...base, generation: 2 });
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(delta.framesSent)).toBe(changed.length);
    expect(Number(delta.wireBytes)).toBeLessThan(changed.length * (MiB + 200));
    expect(Buffer.from(delta.diskDigest).equals(Buffer.from(full.diskDigest))).toBe(false);
  });

  it('from changed areas (as CBT reports them) sends each changed chunk as its changed span only, and the digest verifies', async () => {
    const size = 64 * MiB;
    const source = join(plane.sourceDir, 'delta-areas.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(plane.targetDir, 'delta-areas.raw');
    const base = { migrationId: 'mig-delta-areas', diskId: 'disk-0', sourceLocator: `file:${source}`, targetPath: target };
    await startTransfer(plane, { ...base, generation: 1, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, { ...base, generation: 1 });
    // 64 KiB inside chunk 5, 6,000 bytes across the border of chunks 20 and 21, and all of chunk 40; random, so incompressible.
    const areas = [{ offset: 5 * MiB + 1000, length: 65536 }, { offset: 21 * MiB - 3000, length: 6000 }, { offset: 40 * MiB, length: MiB }];
    const file = await open(source, 'r+');
    for (const area of areas) await file.write(randomBytes(area.length), 0, area.length, area.offset);
    await file.close();
    await expect(startTransfer(plane, { ...base, generation: 2, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedAreas: areas, targetFormat: 'cache', targetPath: 'iqn.2026-12.test:v/0' }))
      .rejects.toThrow(/changed_areas.*not taken by a cache target.*send changed_chunks instead/);
    await startTransfer(plane, { ...base, generation: 2, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedAreas: areas });
    const delta = await waitForTransfer(plane, { ...base, generation: 2 });
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(delta.framesSent)).toBe(4); // chunks 5, 20, 21 (their spans) and 40 (whole)
    const changedBytes = areas.reduce((sum, area) => sum + area.length, 0);
    expect(Number(delta.wireBytes)).toBeGreaterThanOrEqual(changedBytes);
    expect(Number(delta.wireBytes)).toBeLessThan(changedBytes + 4 * 400);
  });

  it('a changed-chunk list that misses a change is caught by the whole-disk digest when the source is re-hashed', async () => {
    const size = 32 * MiB;
    const source = join(plane.sourceDir, 'delta-missed.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const base = { migrationId: 'mig-delta-missed', diskId: 'disk-0', sourceLocator: `file:${source}`, targetPath: join(plane.targetDir, 'delta-missed.raw') };
    await startTransfer(plane, { ...base, generation: 1, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, { ...base, generation: 1 });
    const changed = await changeChunks(source, size, 2);
    await startTransfer(plane, { ...base, generation: 2, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedChunks: changed.slice(0, 1), rehashSource: true });
    await expect(waitForTransfer(plane, { ...base, generation: 2 }, 20_000)).rejects.toThrow(/target digest [0-9a-f]+ differs from the source digest|not completed/);
  });
});
