// What a disk's copy has moved, from prem-manager's TransferStatus. chunks_sent comes from prem-manager's
// append-only sent log (written before each frame, kept through kill -9), so it counts the whole
// transfer across restarts of prem-manager and of the appliance; wire_bytes does not (it lives in
// memory and is persisted only when a session starts), so it is not used for progress.
import { DEFAULT_CHUNK_SIZE } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';

type Counts = Pick<ferry.dataplane.v1.ITransferStatus, 'chunksSent' | 'chunksTotal'>;

/** Progress of one disk's transfer, in bytes of the disk (not of the wire). */
export interface TransferProgress {
  /** Bytes of the distinct chunks prem-manager has sent (each chunk counted once, resends not). */
  readonly bytesCopied: number;
  /** The checkpoint offset: equal to bytesCopied while copying; the disk's capacity once completed. */
  readonly offset: number;
}

/**
 * Bytes of the distinct chunks sent: chunks_sent × the transfer's chunk size, at most the disk's
 * capacity (exact when the capacity is a multiple of the chunk size, as whole-MiB disks are;
 * otherwise a partial last chunk may count as a whole one until the copy completes).
 * The appliance starts transfers without a chunk size, so prem-manager uses DEFAULT_CHUNK_SIZE.
 */
export function transferProgress(status: Counts, capacityBytes: number, chunkSize = DEFAULT_CHUNK_SIZE): TransferProgress {
  const chunks = Number(status.chunksSent);
  const total = Number(status.chunksTotal);
  const bytesCopied = total > 0 && chunks >= total ? capacityBytes : Math.min(capacityBytes, chunks * chunkSize);
  return { bytesCopied, offset: bytesCopied };
}

/** The completed copy: data bytes sent, and the rest of the disk — the zero chunks never sent. */
export function completedCounts(status: Counts, capacityBytes: number, chunkSize = DEFAULT_CHUNK_SIZE): { bytesCopied: number; bytesSkippedZero: number } {
  const { bytesCopied } = transferProgress(status, capacityBytes, chunkSize);
  return { bytesCopied, bytesSkippedZero: capacityBytes - bytesCopied };
}
