import { performance } from 'node:perf_hooks';
import { BufferPool, CHUNK_MESSAGE_OVERHEAD, Encoding, encodeChunkMessage, FrameSealer, isAllZero, LEVEL_OFF, levelChooser, parseCompressionSetting, sessionParamsOf, toNumber, type ChunkSpan, type ChunkTiming, type EncodedSourceChunk, type LevelChooser, type PooledSourceSealer, type PreparePool, type SourceChunkFields } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';

/** Sends one message; `written` runs once gRPC has taken its bytes (pooled buffers may then be reused). */
export type SendChunk = (message: SourceChunkFields | EncodedSourceChunk, written?: () => void) => Promise<void>;

/** Buffers kept per size and kind: read-ahead + chunks being sealed + queued and in-flight writes. */
const POOLED_BUFFERS = 32;
const pools = new Map<string, BufferPool>();
const EMPTY = Buffer.alloc(0);

/**
 * Pooled buffers of one size. `shared`: SharedArrayBuffer-backed, read in place by the prepare workers (the
 * read buffers). Unshared: each owns its ArrayBuffer, so a sealing output can move to a worker and back
 * (PooledSourceSealer.seal), and gRPC's copy of the sealed bytes is a plain memcpy, not V8's copy out of shared memory.
 */
function poolOf(size: number, shared: boolean): BufferPool {
  const key = `${size}/${shared ? 'shared' : 'moved'}`;
  let pool = pools.get(key);
  if (pool === undefined) pools.set(key, (pool = new BufferPool(size, POOLED_BUFFERS, shared)));
  return pool;
}

/** The level chooser of SealSpec.compression; empty: zstd level 1 for every chunk (callers that predate the field). */
function chooserOf(compression: string): LevelChooser {
  if (compression === '') return levelChooser(1);
  try {
    return levelChooser(parseCompressionSetting(compression, 'seal.compression'));
  } catch (error) {
    throw new ValidationError('seal.compression', error instanceof Error ? error.message : String(error));
  }
}

/** The caller's session from a SealSpec, checked before any chunk is read. */
function sealingOf(spec: ferry.dataplane.v1.ISealSpec, prepares: PreparePool): { pooled: PooledSourceSealer; zeros: FrameSealer; next: number; levels: LevelChooser } {
  const key = Buffer.from(spec.sessionKey ?? EMPTY);
  if (key.length !== 32) throw new ValidationError('seal.sessionKey', `must be the 32-byte session key, got ${key.length} bytes`);
  const params = sessionParamsOf(spec, 'seal');
  const levels = chooserOf(spec.compression ?? '');
  return { pooled: prepares.openSealing(key, params), zeros: new FrameSealer(key, params), next: toNumber(spec.firstCounter), levels };
}

/** ReadChunksRequest.spans by chunk index, each checked against the chunk size; they apply to sealed reads only. */
function spansOf(request: ferry.dataplane.v1.IReadChunksRequest, chunkSize: number): Map<number, ChunkSpan> {
  const spans = new Map<number, ChunkSpan>();
  if ((request.spans ?? []).length > 0 && (request.seal === undefined || request.seal === null)) throw new ValidationError('spans', 'apply to sealed reads only; send seal with them');
  for (const span of request.spans ?? []) {
    const [index, start, length] = [span.index ?? 0, span.start ?? 0, span.length ?? 0];
    if (length < 1 || start + length > chunkSize) {
      throw new ValidationError('spans', `span ${start}+${length} of chunk ${index} is not within the ${chunkSize}-byte chunk; give 1 or more bytes inside it`);
    }
    if (spans.has(index)) throw new ValidationError('spans', `chunk ${index} has two spans; merge them into one`);
    spans.set(index, { start, length });
  }
  return spans;
}

/**
 * A chunk back from the prepare workers: its message, whether it went raw at a zstd level, the level it was sealed
 * at, and, when the chooser asked for it, the chunk measured at a second level (ChunkTiming.sample).
 */
type SealedChunk = { message: EncodedSourceChunk; raw: boolean; level: number; sample?: ChunkTiming['sample'] };

/**
 * Turns the chunks read for one ReadChunks call into SourceChunk messages, in request order. Plain
 * reads carry the data. Sealed reads (ReadChunksRequest.seal) carry each chunk as a frame of the
 * caller's session, hashed, compressed and encrypted on the pool's threads a few chunks ahead, so
 * plaintext never leaves this host and prem-manager only forwards; all-zero chunks become zero frames.
 * Each data chunk is compressed at the level SealSpec.compression gives: adaptive, the level follows
 * how long this loop waits for the workers (CPU-bound) against how long for the way out (prem-manager's
 * window and credits full, felt here as gRPC backpressure: link-bound). A chunk with a span
 * (ReadChunksRequest.spans) travels as a frame of its changed part only.
 */
export class ChunkStreamer {
  /** Read buffers; sources that can read into a buffer use these. */
  readonly readPool: BufferPool;
  private readonly sealedPool: BufferPool;
  private readonly sealing: ReturnType<typeof sealingOf> | undefined;
  /** Chunks read and not yet sent, oldest first. `ready` gives a sealed chunk (SealedChunk). */
  private readonly pending: Array<{ message: SourceChunkFields | EncodedSourceChunk; ready?: Promise<SealedChunk>; bytes: number; release(): void }> = [];
  private readonly depth: number;
  private readonly spans: Map<number, ChunkSpan>;

  constructor(
    request: ferry.dataplane.v1.IReadChunksRequest,
    private readonly chunkSize: number,
    prepares: PreparePool,
    private readonly send: SendChunk,
  ) {
    this.readPool = poolOf(chunkSize, true);
    this.sealedPool = poolOf(chunkSize + CHUNK_MESSAGE_OVERHEAD, false);
    this.spans = spansOf(request, chunkSize);
    this.sealing = request.seal !== undefined && request.seal !== null ? sealingOf(request.seal, prepares) : undefined;
    this.depth = this.sealing !== undefined ? Math.max(2, prepares.threads * 3) : 1;
  }

  /** Queues chunk `index` read into `data` (from readPool when `pooled`); sends the oldest once enough are ahead. */
  async push(index: number, data: Buffer, pooled: boolean): Promise<void> {
    const offset = index * this.chunkSize;
    const zero = isAllZero(data);
    let message: SourceChunkFields | EncodedSourceChunk = { index, offset, length: data.length, zero, data: zero ? EMPTY : data };
    // The whole pooled buffer (a read may fill only its start) goes back once the message is written.
    const backing = Buffer.from(data.buffer, 0, data.buffer.byteLength);
    let sealedOut: Buffer | undefined;
    let ready: Promise<SealedChunk> | undefined;
    // A sealed chunk's read buffer goes back once sealed: only the sealed frame is sent.
    let readHeld = pooled;
    const releaseRead = (): void => {
      if (readHeld) this.readPool.release(backing);
      readHeld = false;
    };
    const sealing = this.sealing;
    if (sealing !== undefined) {
      const counter = sealing.next++;
      if (zero) {
        const frame = sealing.zeros.seal(counter, { index, offset, length: data.length });
        message = { index, offset, length: data.length, zero, data: EMPTY, encoding: frame.encoding, sha256: frame.plaintextSha256, sealed: encodeChunkMessage(frame) };
        releaseRead();
      } else {
        // The worker encodes the whole SourceChunk into a pooled buffer that moves there and back (the one given is
        // detached meanwhile: the one that comes back goes to the pool); gRPC copies it once into its frame.
        const span = this.spans.get(index);
        if (span !== undefined && span.start + span.length > data.length) throw new ValidationError('spans', `span ${span.start}+${span.length} of chunk ${index} runs past the disk's end (the chunk has ${data.length} bytes)`);
        const out = (sealedOut = this.sealedPool.acquire());
        const level = sealing.levels.level;
        const sampleLevel = sealing.levels.sampleNext();
        ready = sealing.pooled.seal(counter, index, offset, data, out, level, span, sampleLevel).then((sealed) => {
          sealedOut = sealed.out;
          // Raw at level "off" is the level's doing, and the chooser must see it; raw at a zstd level is the data's.
          const chunk: SealedChunk = { message: { encoded: sealed.encoded }, raw: sealed.encoding === Encoding.Raw && level !== LEVEL_OFF, level };
          const { sample } = sealed;
          if (sampleLevel !== undefined && sample !== undefined) chunk.sample = { level: sampleLevel, payloadBytes: sample.length, compressMs: sample.ms, sealedCompressMs: sample.sealedMs };
          return chunk;
        });
        ready.then(releaseRead, releaseRead); // the worker is done with the read buffer either way
        ready.catch(() => undefined); // awaited in order by sendOldest
      }
    }
    const release = (): void => {
      releaseRead();
      if (sealedOut !== undefined) this.sealedPool.release(sealedOut);
    };
    this.pending.push({ message, ready, bytes: data.length, release });
    while (this.pending.length >= this.depth) await this.sendOldest();
  }

  /** Sends everything still queued. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) await this.sendOldest();
  }

  /** Ends the sealing session on the pool's threads. */
  close(): void {
    this.sealing?.pooled.close();
  }

  private async sendOldest(): Promise<void> {
    const head = this.pending.shift()!;
    const waitStart = performance.now();
    let sealed: SealedChunk | undefined;
    try {
      if (head.ready !== undefined) sealed = await head.ready;
    } catch (error) {
      head.release();
      throw error;
    }
    const sendStart = performance.now();
    // gRPC copies the message into its frame before the write completes; then its buffers are reused.
    await this.send(sealed?.message ?? head.message, head.release);
    const at = performance.now();
    if (sealed !== undefined) {
      const { message, raw, level, sample } = sealed;
      this.sealing?.levels.observe({ prepareWaitMs: sendStart - waitStart, sendWaitMs: at - sendStart, bytes: head.bytes, payloadBytes: message.encoded.length, level, at, raw, ...(sample === undefined ? {} : { sample }) });
    }
  }
}
