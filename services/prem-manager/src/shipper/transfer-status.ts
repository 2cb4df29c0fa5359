// A transfer as the control RPC and the transfer queue report it: the persisted job, its logs' counts,
// why it waits (if it does) and how its chunks were compressed.
import { formatCompressionSetting } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { transferCompression } from './compression-tally';
import type { TransferJob } from './job-store';
import type { TransferWait } from './shipper';
import type { TallyCounts } from './transfer-tally';

const pb = ferry.dataplane.v1;

export function toStatus(job: TransferJob & { framesSent?: number; chunksSent?: number } & Partial<TallyCounts> & Partial<TransferWait>): ferry.dataplane.v1.TransferStatus {
  const state = { running: pb.TransferState.TRANSFER_STATE_RUNNING, completed: pb.TransferState.TRANSFER_STATE_COMPLETED, failed: pb.TransferState.TRANSFER_STATE_FAILED, cancelled: pb.TransferState.TRANSFER_STATE_CANCELLED }[job.state];
  return pb.TransferStatus.create({
    migrationId: job.migrationId, diskId: job.diskId, generation: job.generation, state, chunksTotal: job.chunksTotal,
    framesSent: job.framesSent ?? 0, chunksSent: job.chunksSent ?? 0, wireBytes: job.wireBytes, sessions: job.sessions, error: job.error,
    diskDigest: Buffer.from(job.diskDigest, 'hex'), maxBytesPerSecond: job.maxBytesPerSecond ?? 0,
    waitingReason: job.waitingReason ?? '', spaceNeededBytes: job.spaceNeededBytes ?? 0,
    chunksVerified: job.chunksVerified ?? 0, bytesVerified: job.bytesVerified ?? 0, zeroChunks: job.zeroChunks ?? 0, zeroBytes: job.zeroBytes ?? 0,
    chunksUnchanged: job.chunksUnchanged ?? 0, bytesUnchanged: job.bytesUnchanged ?? 0, sourceBytesRead: job.sourceBytesRead ?? 0,
    verifiedOffset: job.verifiedOffset ?? 0, virtualSize: job.virtualSize ?? 0,
    completedAtMs: job.state === 'completed' ? (job.completedAtMs ?? 0) : 0,
    ...compressionStatus(job),
  });
}

/** TransferStatus fields 30-35: how the transfer's data chunks were compressed (empty before its first session here). */
function compressionStatus(job: TransferJob): Partial<ferry.dataplane.v1.ITransferStatus> {
  const entry = transferCompression.peek(job);
  if (entry === undefined) return {};
  const { tally } = entry;
  return {
    compression: formatCompressionSetting(entry.setting), compressionLevel: tally.level ?? 0, chunksPerLevel: tally.levels(),
    compressionSourceBytes: tally.sourceBytes, compressionPayloadBytes: tally.payloadBytes, compressionRatio: tally.ratio,
  };
}
