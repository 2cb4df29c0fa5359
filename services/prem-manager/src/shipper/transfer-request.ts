import { toNumber } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';
import type { TransferRequest } from './shipper';

/** A StartTransferRequest (from the control RPC or a queued job) as the shipper takes it. */
export function transferRequestOf(r: ferry.dataplane.v1.StartTransferRequest, maxBytesPerSecond = toNumber(r.maxBytesPerSecond)): TransferRequest {
  return {
    migrationId: r.migrationId, diskId: r.diskId, generation: r.generation, sourceEndpoint: r.sourceEndpoint, sourceLocator: r.sourceLocator,
    targetEndpoint: r.targetEndpoint, targetPath: r.targetPath, targetFormat: r.targetFormat || 'raw', mode: r.mode, changedChunks: r.changedChunks,
    ...(r.changedAreas.length > 0 ? { changedAreas: r.changedAreas.map((area) => ({ offset: toNumber(area.offset), length: toNumber(area.length) })) } : {}), chunkSize: r.chunkSize, rehashSource: r.rehashSource,
    maxBytesPerSecond,
  };
}
