// What a session plans for each chunk of the disk, from the receiver's verified-chunk map and the job's mode.
import { ferry } from '@ferry/proto';
import type { TransferJob } from './job-store';
import { ChunkFate } from './transfer-tally';

const { TransferMode } = ferry.dataplane.v1;

export function isSet(bitmap: Uint8Array, index: number): boolean {
  return ((bitmap[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
}

/** A first full copy goes into a fresh sparse target: its zero chunks are already zeros there, so they are not sent. */
export function skipsZeros(job: Pick<TransferJob, 'mode' | 'generation'>): boolean {
  return job.mode === TransferMode.TRANSFER_MODE_FULL && job.generation === 1;
}

/** The indexes set in a verified-chunk bitmap (one bit per chunk, LSB first). */
export function verifiedIndexes(bitmap: Uint8Array, total: number): number[] {
  const indexes: number[] = [];
  for (let index = 0; index < total; index++) if (isSet(bitmap, index)) indexes.push(index);
  return indexes;
}

/**
 * What a session plans for each chunk: sent (or already verified) is Pending until acknowledged; a first
 * full copy skips zero chunks (a fresh target reads zeros there); anything else left out is unchanged.
 */
export function planOf(job: Pick<TransferJob, 'mode' | 'generation'>, isData: Uint8Array, verified: Uint8Array, sending: ReadonlySet<number>): Uint8Array {
  const skipZeros = skipsZeros(job);
  const plan = new Uint8Array(isData.length);
  for (let index = 0; index < isData.length; index++) {
    if (sending.has(index) || isSet(verified, index)) plan[index] = ChunkFate.Pending;
    else plan[index] = skipZeros && isData[index] === 0 ? ChunkFate.ZeroSkipped : ChunkFate.Unchanged;
  }
  return plan;
}

/**
 * At most how many source bytes a session of `job` sends, known before the receiver says what it holds:
 * the data chunks of a full copy, the changed chunks and areas of a changed-list delta. Undefined for a
 * hash-compared delta, whose changed chunks are known only once the hashes are.
 */
export function boundOfSentBytes(job: Pick<TransferJob, 'mode' | 'chunkSize' | 'changedChunks' | 'changedAreas'>, isData: Uint8Array): number | undefined {
  if (job.mode === TransferMode.TRANSFER_MODE_DELTA_HASHES) return undefined;
  if (job.mode === TransferMode.TRANSFER_MODE_DELTA_CHANGED) return job.changedChunks.length * job.chunkSize + (job.changedAreas ?? []).reduce((sum, area) => sum + area.length, 0);
  return isData.reduce((sum, data) => sum + data, 0) * job.chunkSize;
}
