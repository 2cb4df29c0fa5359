import { join } from 'node:path';
import { makeSourceRaw, qemuCompare } from '@ferry/testing';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { getTransfer, mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const CHUNK = 256 * 1024;
const { TransferState } = ferry.dataplane.v1;

const cancelTransfer = (plane: DataPlane, id: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus> =>
  unaryCall(plane.control, 'CancelTransfer', id);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CancelTransfer', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane({ creditWindow: 16, commitBatch: 4 });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('stops a running transfer at once, keeps it cancelled across a restart, and StartTransfer then completes it', async () => {
    const size = 256 * MiB;
    const source = join(plane.sourceDir, 'cancel.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(plane.targetDir, 'cancel.raw');
    const id = { migrationId: 'mig-cancel', diskId: 'disk-0', generation: 1 };
    const request = { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: CHUNK };
    // Capped at 32 MiB/s, the copy runs for seconds whatever the machine's speed: the cancel lands mid-copy.
    await startTransfer(plane, { ...request, maxBytesPerSecond: 32 * MiB });
    for (let sent = 0; sent < 40; ) {
      sent = Number((await getTransfer(plane, id)).framesSent);
      await sleep(5);
    }

    const asked = Date.now();
    const cancelled = await cancelTransfer(plane, id);
    const tookMs = Date.now() - asked;
    expect(cancelled.state).toBe(TransferState.TRANSFER_STATE_CANCELLED);
    expect(tookMs).toBeLessThan(5_000);
    expect(Number(cancelled.chunksSent)).toBeLessThan(size / CHUNK / 2);
    // No frame leaves after the cancel returned.
    await sleep(1_000);
    const later = await getTransfer(plane, id);
    expect({ state: later.state, framesSent: Number(later.framesSent) }).toEqual({ state: TransferState.TRANSFER_STATE_CANCELLED, framesSent: Number(cancelled.framesSent) });
    // Idempotent: cancelling again returns the same status.
    expect((await cancelTransfer(plane, id)).state).toBe(TransferState.TRANSFER_STATE_CANCELLED);
    process.stdout.write(`cancel: answered in ${tookMs} ms after ${cancelled.framesSent} of ${size / CHUNK} chunks\n`);

    // A restart does not resume it.
    await plane.prem.kill9();
    await plane.prem.restart();
    await sleep(1_000);
    const afterRestart = await getTransfer(plane, id);
    expect({ state: afterRestart.state, framesSent: Number(afterRestart.framesSent) }).toEqual({ state: TransferState.TRANSFER_STATE_CANCELLED, framesSent: Number(cancelled.framesSent) });

    // Started again (now without a cap), it resumes from the receiver's verified map and completes.
    await startTransfer(plane, request);
    const done = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(done.sessions)).toBeGreaterThanOrEqual(2);
    // Cancelling a completed transfer changes nothing.
    expect((await cancelTransfer(plane, id)).state).toBe(TransferState.TRANSFER_STATE_COMPLETED);
  });

  it('names the migration, disk and generation of a transfer it does not know (NOT_FOUND)', async () => {
    await expect(cancelTransfer(plane, { migrationId: 'mig-none', diskId: 'disk-9', generation: 3 })).rejects.toMatchObject({
      code: 5, message: expect.stringMatching(/disk-9.*generation 3.*mig-none/),
    });
  });
});
