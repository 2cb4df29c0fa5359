import type { Client, ClientDuplexStream } from '@grpc/grpc-js';
import { chunkCount, chunkRange, createGarbageJanitor, diskDigest, planChunks, SenderSession, zeroChunkHash, type ChunkFrame, type EncodedSenderMessage, type Encoding, type PlainChunk, type SealPool } from '@ferry/block-pipeline';
import { IllegalStateError, IntegrityError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { TransferJob } from './job-store';
import { ReceiverLink } from './receiver-link';
import { shipperMetrics } from './shipper-metrics';
import type { SourceClient } from './source-client';

const pb = ferry.dataplane.v1;
// Young collections every 16 MiB of chunks and a full one every 64 MiB: dead and promoted frame buffers otherwise
// piled up in malloc's arenas (which keep freed memory) to 255-272 MiB peak RSS; every 8 MiB cost ~1 CPU-s per GiB.
const janitor = createGarbageJanitor(16 * 1024 * 1024, 4);

/** Everything one session of one disk uses. */
export interface SessionDeps {
  job: TransferJob;
  dataKey: Buffer;
  wrappedDataKey: Buffer;
  source: SourceClient;
  receiver: Client;
  recordSent(index: number): void;
  addWireBytes(bytes: number): void;
  log?(line: string): void;
  pool: SealPool;
  /** The source hash list of the previous completed generation, if it matches this disk. */
  previousHashes?(virtualSize: number): Promise<Buffer | undefined>;
  /** Persists the job (its chunksTotal is known once the source is described). */
  persist?(): Promise<void>;
  /** Aborted by CancelTransfer: the stream to the receiver and the source reads end at once. */
  signal?: AbortSignal;
}

/** Result of a completed session. */
export interface SessionResult {
  diskDigest: Buffer;
  framesSent: number;
  duplicateFrames: number;
  chunksTotal: number;
  virtualSize: number;
  /** The source's hash of every chunk, as the digest used them. */
  chunkHashes: Buffer[];
}

function isSet(bitmap: Uint8Array, index: number): boolean {
  return ((bitmap[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
}

/** Which chunks this session sends, given the receiver's resume state and the job's mode. */
async function chunksToSend(deps: SessionDeps, accepted: ferry.dataplane.v1.SessionAccepted, isData: Uint8Array, sourceHashes: Array<Buffer | undefined>, virtualSize: number): Promise<number[]> {
  const { job, source } = deps;
  const total = isData.length;
  const verified = accepted.verifiedBitmap;
  const candidates: number[] = [];
  if (job.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED) {
    for (const index of [...new Set(job.changedChunks)].sort((a, b) => a - b)) if (index < total && !isSet(verified, index)) candidates.push(index);
    return candidates;
  }
  // A first full copy goes into a fresh sparse target: its zero chunks are already zeros there.
  const skipZeros = job.mode === pb.TransferMode.TRANSFER_MODE_FULL && job.generation === 1;
  for (let index = 0; index < total; index++) if (!isSet(verified, index) && !(skipZeros && isData[index] === 0)) candidates.push(index);
  if (job.mode !== pb.TransferMode.TRANSFER_MODE_DELTA_HASHES) return candidates;
  // Hash comparison: the source hashes its data chunks in place; only differing chunks travel.
  await source.hashChunks(job.sourceLocator, job.chunkSize, candidates.filter((i) => isData[i] === 1), sourceHashes as Buffer[], deps.signal);
  const theirs = accepted.chunkHashes;
  return candidates.filter((index) => {
    const ours = sourceHashes[index] ?? zeroChunkHash(chunkRange(index, virtualSize, job.chunkSize).length);
    return !Buffer.from(theirs.subarray(index * 32, index * 32 + 32)).equals(ours);
  });
}

/**
 * One session: describe the source, open the stream (new salt and key), learn what the receiver
 * already verified, send the rest under credits, then the final frame with the whole-disk digest,
 * and wait until the receiver has checked that digest.
 */
export async function runSession(deps: SessionDeps): Promise<SessionResult> {
  const { job, source } = deps;
  const startedAt = process.hrtime.bigint();
  const since = (t: bigint): string => (Number(process.hrtime.bigint() - t) / 1e9).toFixed(2);
  const description = await source.describe(job.sourceLocator);
  const { virtualSize } = description;
  const total = chunkCount(virtualSize, job.chunkSize);
  const isData = new Uint8Array(total);
  for await (const chunk of planChunks(description.extents, virtualSize, job.chunkSize)) if (chunk.kind === 'data') isData[chunk.index] = 1;

  if (job.chunksTotal !== total) {
    // Known while the copy runs, so the appliance can checkpoint progress (chunks sent of total).
    job.chunksTotal = total;
    await deps.persist?.();
  }
  throwIfCancelled(deps);
  const identity = { migrationId: job.migrationId, diskId: job.diskId, generation: job.generation };
  const sender = new SenderSession(deps.dataKey, identity);
  const call = (deps.receiver as unknown as { Transfer(): ClientDuplexStream<ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage, ferry.dataplane.v1.ReceiverMessage> }).Transfer();
  const link = new ReceiverLink(call);
  let reads: ReturnType<SourceClient['readChunks']> | undefined;
  const stop = (): void => {
    link.cancel();
    reads?.cancel();
  };
  deps.signal?.addEventListener('abort', stop, { once: true });
  try {
    await link.send({ open: { ...sender.params, wrappedDataKey: deps.wrappedDataKey, virtualSize, chunkSize: job.chunkSize, targetPath: job.targetPath, targetFormat: 'raw', mode: job.mode } }, false);
    const accepted = await link.accepted();
    const sourceHashes: Array<Buffer | undefined> = new Array<Buffer | undefined>(total);
    const toSend = await chunksToSend(deps, accepted, isData, sourceHashes, virtualSize);
    const sending = new Set(toSend);
    // Chunks not sent still count in the digest: zero chunks by their known hash, data chunks hashed at
    // the source — or, for a changed-list delta, unchanged chunks by the previous generation's hash list.
    const previous = job.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED && job.rehashSource !== true ? await deps.previousHashes?.(virtualSize) : undefined;
    const changed = new Set(job.changedChunks);
    const missing: number[] = [];
    for (let index = 0; index < total; index++) {
      if (sending.has(index) || sourceHashes[index] !== undefined) continue;
      if (isData[index] === 0) sourceHashes[index] = zeroChunkHash(chunkRange(index, virtualSize, job.chunkSize).length);
      else if (previous !== undefined && !changed.has(index)) sourceHashes[index] = Buffer.from(previous.subarray(index * 32, index * 32 + 32));
      else missing.push(index);
    }
    // The source hashes the unsent chunks while the changed ones travel; the digest waits for both.
    const hashing = source.hashChunks(job.sourceLocator, job.chunkSize, missing, sourceHashes as Buffer[], deps.signal);
    hashing.catch(() => undefined); // awaited before the digest
    const planned = `planned in ${since(startedAt)} s (${missing.length} unsent data chunks hashed at the source meanwhile)`;

    throwIfCancelled(deps);
    reads = source.readChunks(job.sourceLocator, job.chunkSize, toSend.filter((i) => isData[i] === 1), true);
    const iterator = reads[Symbol.asyncIterator]();
    const clock = { source: 0, seal: 0, send: 0 };
    const lap = (key: keyof typeof clock, since: bigint): bigint => {
      const now = process.hrtime.bigint();
      clock[key] += Number(now - since) / 1e9;
      return now;
    };
    // Sealing runs on the pool's threads, up to `depth` chunks ahead; frames go out in counter order.
    const sealer = deps.pool.open(sender.key, sender.params);
    const sealClock = shipperMetrics.sealClock();
    const sealing: Array<Promise<ChunkFrame>> = [];
    const depth = Math.max(2, deps.pool.threads * 2);
    const sendOldest = async (): Promise<void> => {
      let t0 = process.hrtime.bigint();
      const frame = await sealing.shift()!;
      t0 = lap('seal', t0);
      sourceHashes[frame.index] = frame.plaintextSha256;
      await link.send(frame.wire !== undefined ? { wire: frame.wire } : { chunk: frame }, true, () => deps.recordSent(frame.index));
      lap('send', t0);
      deps.addWireBytes(frame.ciphertext.length + 96);
      shipperMetrics.frameSent(frame);
      janitor.track(frame.length);
    };
    try {
      for (const index of toSend) {
        const range = chunkRange(index, virtualSize, job.chunkSize);
        let data: Buffer | undefined;
        let prepared: Pick<PlainChunk, 'encoding' | 'sha256'> = {};
        if (isData[index] === 1) {
          const t0 = process.hrtime.bigint();
          const next = await iterator.next();
          lap('source', t0);
          shipperMetrics.sourceBytesRead += range.length;
          if (next.done === true || next.value.index !== index) throw new IntegrityError(`source returned chunk ${next.done === true ? 'none' : next.value.index} where ${index} was expected`);
          data = next.value.zero ? undefined : Buffer.from(next.value.data.buffer, next.value.data.byteOffset, next.value.data.byteLength);
          // Prepared at the source: hashed and compressed there, only encryption is left.
          if (data !== undefined && next.value.encoding !== 0) prepared = { encoding: next.value.encoding as Encoding, sha256: Buffer.from(next.value.sha256) };
        }
        sealClock.submit();
        const pending = sealer.seal(sender.reserve(), { index, ...range, data, ...prepared });
        pending.then(sealClock.done, () => undefined); // awaited in order by sendOldest
        sealing.push(pending);
        while (sealing.length >= depth) await sendOldest();
      }
      while (sealing.length > 0) await sendOldest();
    } finally {
      sealer.close();
    }
    await hashing;
    const digest = diskDigest(virtualSize, job.chunkSize, sourceHashes as Buffer[]);
    await link.send({ final: sender.sealFinal(digest) }, false);
    link.end();
    const completed = await link.completed();
    if (!Buffer.from(completed.diskDigest).equals(digest)) throw new IntegrityError(`receiver reports digest ${Buffer.from(completed.diskDigest).toString('hex')}, source digest is ${digest.toString('hex')}`);
    deps.log?.(`session of ${job.diskId}: ${toSend.length} frames, ${planned}, total ${since(startedAt)} s; waited ${clock.source.toFixed(2)} s for the source, ${clock.seal.toFixed(2)} s for sealing (${deps.pool.threads} threads), ${clock.send.toFixed(2)} s for credits/network`);
    return { diskDigest: digest, framesSent: toSend.length, duplicateFrames: Number(completed.duplicateFrames), chunksTotal: total, virtualSize, chunkHashes: sourceHashes as Buffer[] };
  } catch (error) {
    stop();
    throw error;
  } finally {
    deps.signal?.removeEventListener('abort', stop);
  }
}

/** Stops a session whose transfer was cancelled before its stream could be cut by the abort listener. */
function throwIfCancelled(deps: SessionDeps): void {
  if (deps.signal?.aborted === true) throw new IllegalStateError(`transfer of disk ${deps.job.diskId} in migration ${deps.job.migrationId} was cancelled; StartTransfer starts it again`);
}
