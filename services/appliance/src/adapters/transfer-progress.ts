// What a disk's copy has put on its target, from prem-manager's TransferStatus. prem-manager counts
// the chunks its receiver verified (acknowledged, or found in the receiver's verified-chunk map at a
// session's start), the zero chunks, the unchanged chunks of a delta, source and wire bytes, and keeps
// them in append-only logs: they count the whole transfer across kill -9 and restarts of either side.
import type { ferry } from '@ferry/proto';
import type { CopyMode } from '../migration';
import type { DiskCopyResult } from '../orchestration';

type Status = Pick<
  ferry.dataplane.v1.ITransferStatus,
  'bytesVerified' | 'verifiedOffset' | 'zeroBytes' | 'bytesUnchanged' | 'wireBytes' | 'sourceBytesRead' | 'chunksSent' | 'diskDigest' | 'generation'
>;

/** Progress of one disk's transfer, in bytes of the disk (not of the wire). */
export interface TransferProgress {
  /** Bytes of the data chunks the receiver verified so far. */
  readonly bytesCopied: number;
  /** Everything below it is on the target: verified, zeros a fresh target already holds, or unchanged. */
  readonly offset: number;
}

export function transferProgress(status: Status): TransferProgress {
  return { bytesCopied: Number(status.bytesVerified ?? 0), offset: Number(status.verifiedOffset ?? 0) };
}

/** The completed copy as prem-manager counted it, with the generation and mode it ran. */
export function completedCounts(status: Status, mode: CopyMode): DiskCopyResult {
  return {
    bytesCopied: Number(status.bytesVerified ?? 0),
    bytesSkippedZero: Number(status.zeroBytes ?? 0),
    bytesUnchanged: Number(status.bytesUnchanged ?? 0),
    wireBytes: Number(status.wireBytes ?? 0),
    sourceBytes: Number(status.sourceBytesRead ?? 0),
    sha256: Buffer.from(status.diskDigest ?? new Uint8Array()).toString('hex'),
    generation: Number(status.generation ?? 0),
    mode,
    chunksSent: Number(status.chunksSent ?? 0),
  };
}
