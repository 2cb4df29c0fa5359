import { join } from 'node:path';
import { makeSourceRaw, qemuCompare } from '@ferry/testing';
import { getTransfer, mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const WINDOW = 16;
const CHUNK = 256 * 1024;

/**
 * Each frame path: through prem-manager on the Transfer stream, and shipped by the source itself over
 * stripes of its own (FRAMES_FROM_SOURCE=on), where a kill also cuts connections between the source and
 * the receiver that prem-manager does not hold.
 */
const FRAME_PATHS = [
  ['frames through prem-manager', { FRAMES_FROM_SOURCE: 'off' }, {}, false],
  ['frames shipped by the source', { TRANSFER_STRIPES: '2' }, { STRIPES_PER_SESSION: '2' }, true],
] as const;

describe.each(FRAME_PATHS)('kill -9 of any data-plane service mid-transfer, %s', (path, premEnv, cloudEnv, shipped) => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane({ creditWindow: WINDOW, commitBatch: 4, premEnv, cloudEnv });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it.each(['prem-esxi-manager', 'prem-manager', 'cloud-manager'] as const)('%s: after restart the target equals the source and at most the in-flight window is resent', async (victim) => {
    const size = 128 * MiB;
    const source = join(plane.sourceDir, `${victim}.raw`);
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(plane.targetDir, `${victim}.raw`);
    const id = { migrationId: `mig-crash-${victim}`, diskId: 'disk-0', generation: 1 };
    // Capped at 32 MiB/s the copy lasts over a second on any machine, so the kill lands mid-transfer.
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: CHUNK, maxBytesPerSecond: 32 * MiB });
    // Wait until the transfer is well under way, then kill the victim.
    for (let sent = 0; sent < 60; ) {
      sent = Number((await getTransfer(plane, id)).framesSent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const handle = { 'prem-esxi-manager': plane.esxi, 'prem-manager': plane.prem, 'cloud-manager': plane.cloud }[victim];
    await handle.kill9();
    const atKill = Number((await getTransfer(plane, id).catch(() => ({ framesSent: -1 }))).framesSent);
    await handle.restart();
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    const resent = Number(status.framesSent) - Number(status.chunksSent);
    process.stdout.write(`kill -9 ${victim} (${path}): ${status.chunksTotal} chunks, ${atKill} frames sent at the kill, ${resent} chunks sent twice, ${status.sessions} sessions\n`);
    expect(Number(status.sessions)).toBeGreaterThanOrEqual(2);
    expect(resent).toBeLessThanOrEqual(WINDOW + 4);
    // What prem-manager counts as on the target covers the whole disk, whichever service was killed.
    expect(Number(status.bytesVerified) + Number(status.zeroBytes)).toBe(size);
    expect(Number(status.verifiedOffset)).toBe(size);
    expect(Number(status.sourceBytesRead)).toBeGreaterThanOrEqual(Number(status.bytesVerified));
    // Every data chunk sent was compressed and counted, in whichever session (before or after the kill).
    process.stdout.write(`compression counts after kill -9 ${victim}: ${status.compressionSourceBytes} of ${status.sourceBytesRead} source bytes read, ratio ${status.compressionRatio.toFixed(2)}\n`);
    expect(Number(status.compressionSourceBytes)).toBe(Number(status.sourceBytesRead));
    // The path under test carried the sessions (prem-manager's log outlives a restart of it: the harness appends).
    expect(plane.prem.log().includes('source stripes up')).toBe(shipped);
  });
});
