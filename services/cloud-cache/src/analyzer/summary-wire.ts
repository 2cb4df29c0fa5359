/**
 * The IO summaries as the appliance receives them: a ferry.cache.v1.IoSummaryBatch, encoded for an
 * HTTP POST with content type application/x-protobuf.
 */
import { ferry } from '@ferry/proto';
import type { IoSummary } from './io-stats';

import cache = ferry.cache.v1;

/** The content type of a pushed batch. */
export const SUMMARY_CONTENT_TYPE = 'application/x-protobuf';

/** One volume's summary as the wire message; the volume key is "<target IQN>/<lun>". */
export function toWireSummary(s: IoSummary): cache.IVolumeIoSummary {
  // IQNs never contain "/", so the last one separates the LUN.
  const slash = s.volume.lastIndexOf('/');
  const writtenBytes = Math.min(s.writtenChunks * s.chunkSize, s.totalChunks * s.chunkSize);
  return {
    volumeId: s.volume,
    targetIqn: slash > 0 ? s.volume.slice(0, slash) : s.volume,
    lun: slash > 0 ? Number(s.volume.slice(slash + 1)) || 0 : 0,
    windowStart: { unixMillis: s.windowStart },
    windowEnd: { unixMillis: s.windowEnd },
    readOps: s.reads,
    writeOps: s.writes,
    readBytes: s.readBytes,
    writeBytes: s.writeBytes,
    readHits: s.readHits,
    readMisses: s.readMisses,
    hitRatio: s.hitRatio,
    onDemandFetches: s.onDemandFetches,
    onDemandFetchBytes: s.onDemandFetchBytes,
    fetchLatency: { p50Ms: s.fetchLatencyMs.p50, p95Ms: s.fetchLatencyMs.p95, p99Ms: s.fetchLatencyMs.p99, maxMs: s.fetchLatencyMs.max },
    chunksPresent: s.presentChunks,
    chunksTotal: s.totalChunks,
    chunkSize: s.chunkSize,
    hydratedChunks: s.hydratedChunks,
    writtenBytesSinceCreation: writtenBytes,
    fetchedOnDemandBytesSinceCreation: s.fetchedOnDemandBytes,
    bootProfileKey: s.bootProfileKey,
    bootProfileUsed: s.bootProfileUsed,
    prefetchedChunks: s.prefetchedChunks,
    prefetchedBytes: s.prefetchedBytes,
  };
}

/** The body of one push. */
export function encodeSummaryBatch(summaries: IoSummary[], now = Date.now()): Uint8Array {
  return cache.IoSummaryBatch.encode({ sentAt: { unixMillis: now }, volumes: summaries.map(toWireSummary) }).finish();
}
