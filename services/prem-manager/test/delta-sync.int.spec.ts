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
