// Counts only a sender's logs know (frames sent, wire and source bytes, sessions): when a replica takes
// a job over, it adds the last status the previous replica wrote to its own, so the report stays whole.
// Verified, zero and unchanged counts need no carrying: the receiver's verified-chunk map refills them.
import { ferry } from '@ferry/proto';

export interface CarriedCounts {
  readonly framesSent: number;
  readonly chunksSent: number;
  readonly wireBytes: number;
  readonly sourceBytesRead: number;
  readonly sessions: number;
}

const NONE: CarriedCounts = { framesSent: 0, chunksSent: 0, wireBytes: 0, sourceBytesRead: 0, sessions: 0 };

export function carriedOver(status: ferry.dataplane.v1.ITransferStatus | undefined): CarriedCounts {
  if (status === undefined) return NONE;
  return {
    framesSent: Number(status.framesSent ?? 0), chunksSent: Number(status.chunksSent ?? 0), wireBytes: Number(status.wireBytes ?? 0),
    sourceBytesRead: Number(status.sourceBytesRead ?? 0), sessions: Number(status.sessions ?? 0),
  };
}

/**
 * The status this replica reports, with what earlier replicas counted. `sent`: this replica's frames and
 * the union of the chunks every replica sent, read at one moment from the logs, when the union is known;
 * otherwise the status's counts, distinct chunks the larger of the two (the sets may overlap).
 */
export function withCarried(status: ferry.dataplane.v1.TransferStatus, carried: CarriedCounts, sent?: { frames: number; distinct: number }): ferry.dataplane.v1.TransferStatus {
  const chunksSent = sent?.distinct ?? Math.max(Number(status.chunksSent), carried.chunksSent);
  return ferry.dataplane.v1.TransferStatus.create({
    ...status,
    // Frames a killed replica sent after its last record are counted nowhere, though their chunks are
    // (read from its leftover log on a restart): never fewer frames than distinct chunks.
    framesSent: Math.max((sent?.frames ?? Number(status.framesSent)) + carried.framesSent, chunksSent),
    chunksSent,
    wireBytes: Number(status.wireBytes) + carried.wireBytes,
    // Every verified data byte was read at the source, also the ones a killed replica read in the second
    // after its last status record (which no count carries).
    sourceBytesRead: Math.max(Number(status.sourceBytesRead) + carried.sourceBytesRead, Number(status.bytesVerified)),
    sessions: status.sessions + carried.sessions,
  });
}
