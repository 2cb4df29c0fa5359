import { performance } from 'node:perf_hooks';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import type { WarmPlane } from '@ferry/cloud-cache/dist/test/support/warm-plane';

const pb = ferry.dataplane.v1;

/** A completed hydration as the bench reports it. */
export interface HydrationRun<T> {
  seconds: number;
  status: ferry.dataplane.v1.TransferStatus;
  /** What `during` returned. */
  during: T;
}

/**
 * Hydrates the volume of `iqn` (a FULL StartTransfer with targetFormat "cache", no rate cap) and times it
 * from the StartTransfer call to the first GetTransfer that says COMPLETED (polled every 20 ms, so the
 * figure is at most 20 ms long). `during` runs from the moment StartTransfer returns; it is told when
 * the hydration is over and is awaited before this returns.
 */
export async function timedHydration<T>(
  plane: WarmPlane,
  target: { iqn: string; migrationId: string; diskId: string; locator: string },
  during: (over: () => boolean) => Promise<T>,
  timeoutMs: number,
): Promise<HydrationRun<T>> {
  const started = performance.now();
  await plane.startHydration(target.iqn, target.migrationId, target.diskId, target.locator);
  let over = false;
  const side = during(() => over);
  const request = { migrationId: target.migrationId, diskId: target.diskId, generation: 1 };
  try {
    for (;;) {
      const status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(plane.control, 'GetTransfer', request);
      if (status.state === pb.TransferState.TRANSFER_STATE_COMPLETED) {
        const seconds = (performance.now() - started) / 1000;
        over = true;
        return { seconds, status, during: await side };
      }
      if (status.state === pb.TransferState.TRANSFER_STATE_FAILED || status.state === pb.TransferState.TRANSFER_STATE_CANCELLED) {
        throw new Error(`hydration of ${target.iqn} ended ${pb.TransferState[status.state]}: ${status.error}`);
      }
      if (performance.now() - started > timeoutMs) {
        throw new Error(`hydration of ${target.iqn} not complete after ${timeoutMs / 1000} s (${status.chunksSent} of ${status.chunksTotal} chunks sent); raise BENCH_WARM_HYDRATION_TIMEOUT_S`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    // On failure too: the side loop stops, and its own error (if any) is not left unhandled.
    over = true;
    await side.catch(() => undefined);
  }
}
