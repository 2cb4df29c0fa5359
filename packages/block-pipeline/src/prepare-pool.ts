import type { Worker } from 'node:worker_threads';
import { Encoding } from './compression';
import type { ChunkFrame, SessionParams } from './frames';
import { ChunkPreparer, type ChunkSpan, type LevelSampleMeasure } from './chunk-preparer';
import { isAllZero, sha256, zeroChunkHash } from './hashing';
import { ownsItsMemory, WorkerSlots } from './worker-slots';

/** Messages to a prepare worker; `data` is shared with (SharedArrayBuffer) or copied to the worker, never moved (but for hashes). */
export type PrepareRequest =
  | { kind: 'hash'; id: number; data: Uint8Array }
  | { kind: 'open'; session: string; key: Uint8Array; params: SessionParams }
  | { kind: 'close'; session: string }
  /**
   * Seals a chunk as a frame of `session`, compressed at `level`, and encodes its SourceChunk into the shared `out`
   * (reply `encodedLength`); with `sampleLevel`, measures the chunk at that level too (reply `sample`).
   */
  | { kind: 'seal'; id: number; session: string; counter: number; index: number; offset: number; data: Uint8Array; out: Uint8Array; level: number; span?: ChunkSpan; sampleLevel?: number };

/**
 * A worker's answer: the plaintext hash, and for a sealed chunk its encoding and encoded length, and `out`
 * when the request moved it to the worker (it moves back with the answer).
 */
export type PrepareReply = { id: number; encoding?: Encoding; sha256?: Uint8Array; encodedLength?: number; ciphertextLength?: number; sample?: LevelSampleMeasure; out?: Uint8Array; error?: string };

/**
 * A chunk sealed at the source: `encoded` is its ferry.dataplane.v1.SourceChunk, frame included, a view of
 * `out`: the caller's output buffer, or the one that came back in its place when it moved to a worker (the
 * buffer given is then detached, and `out` is the one to reuse).
 */
export interface SourceSealedChunk {
  encoding: Encoding;
  sha256: Buffer;
  encoded: Buffer;
  ciphertextLength: number;
  out: Buffer;
  /** The chunk measured at the seal's `sampleLevel` too; only with one. */
  sample?: LevelSampleMeasure;
}

/** Sealing the chunks of one session of the caller's through a pool. */
export interface PooledSourceSealer {
  /**
   * `out`: at least the chunk's length plus CHUNK_MESSAGE_OVERHEAD, either SharedArrayBuffer-backed (the worker
   * writes it in place) or a buffer that owns its whole ArrayBuffer (Buffer.allocUnsafeSlow), which moves to the
   * worker and back: the result's `out` is then the buffer to reuse. An unshared one costs the worker two moves
   * of a few microseconds, and spares every later copy of the sealed bytes (gRPC's, into its framed message) V8's
   * element-wise copy out of shared memory: 326 µs per MiB against 23-38 µs from unshared memory (Node 20, here).
   * `level`: this chunk's zstd level or LEVEL_OFF (the sender may change it from chunk to chunk); default the pool's.
   * `span`: the frame carries only this part of the chunk; `sha256` is still the whole chunk's.
   * `sampleLevel`: the chunk is compressed at this level too, only to measure it (`sample`).
   */
  seal(counter: number, index: number, offset: number, data: Buffer, out: Buffer, level?: number, span?: ChunkSpan, sampleLevel?: number): Promise<SourceSealedChunk>;
  close(): void;
}

const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Hashes (HashChunks), and hashes, compresses and encrypts (sealed reads) chunks next to the source
 * disk on worker threads, so the hop to prem-manager carries sealed frames it only forwards. Inputs
 * are never moved but for hashes: pooled read buffers backed by SharedArrayBuffers are read in
 * place, others are copied in. Works inline when `threads` is 0 or the compiled worker is absent
 * (tests on TypeScript sources).
 */
export class PreparePool {
  private readonly slots: WorkerSlots<PrepareReply>;
  private inline: ChunkPreparer | undefined;
  private nextSession = 0;

  /**
   * @param level the zstd level of seals that name none.
   * @param spawn makes one worker from the compiled script; tests pass their own to reach the workers.
   */
  constructor(threads: number, private readonly level = 1, spawn?: (script: string) => Worker) {
    this.slots = new WorkerSlots({ script: 'prepare-worker.js', threads, spawn, name: 'prepare worker', lossNote: 'the reads that needed its chunks fail and prem-manager retries them in a new session', oldGenerationMb: 32 });
  }

  get threads(): number {
    return this.slots.size;
  }

  private get preparer(): ChunkPreparer {
    return (this.inline ??= new ChunkPreparer());
  }

  /** SHA-256 of `data` (the cached zero-chunk hash when all bytes are zero); a buffer that owns its memory moves to the worker. */
  hash(data: Buffer): Promise<Buffer> {
    if (this.slots.size === 0) return Promise.resolve(isAllZero(data) ? zeroChunkHash(data.length) : sha256(data));
    // Only a hash comes back, so a buffer the caller gives up can move instead of being copied.
    const transfer = ownsItsMemory(data) ? [data.buffer as ArrayBuffer] : [];
    return this.post((id) => ({ kind: 'hash', id, data }), transfer).then((reply) => view(reply.sha256));
  }

  /** Seals chunks as frames of the caller's session (key and params from its SealSpec), spread over the workers. */
  openSealing(key: Buffer, params: SessionParams): PooledSourceSealer {
    if (this.slots.size === 0) {
      const session = this.preparer.openSession(key, params);
      return {
        seal: (counter, index, offset, data, out, level = this.level, span, sampleLevel) => Promise.resolve().then(() => toSealed(session.seal(counter, index, offset, data, out, level, span, sampleLevel), out)),
        close: () => undefined,
      };
    }
    const session = String(this.nextSession++);
    this.slots.broadcast({ kind: 'open', session, key, params } satisfies PrepareRequest);
    return {
      seal: async (counter, index, offset, data, out, level = this.level, span, sampleLevel) => {
        const moves = !(out.buffer instanceof SharedArrayBuffer);
        if (moves && (out.byteOffset !== 0 || out.byteLength !== out.buffer.byteLength)) throw new TypeError('sealed chunks are encoded into SharedArrayBuffer-backed buffers, or buffers that own their whole ArrayBuffer (Buffer.allocUnsafeSlow)');
        const reply = await this.post((id) => ({ kind: 'seal', id, session, counter, index, offset, data, out, level, ...(span === undefined ? {} : { span }), ...(sampleLevel === undefined ? {} : { sampleLevel }) }), moves ? [out.buffer as ArrayBuffer] : []);
        const back = moves ? (reply.out === undefined ? undefined : view(reply.out)) : out;
        if (reply.encodedLength === undefined || back === undefined) throw new Error(`sealing chunk ${index} on a worker gave no message: ${reply.error ?? 'no reply'}`);
        const sampled = reply.sample === undefined ? {} : { sample: reply.sample };
        return { encoding: reply.encoding ?? Encoding.Raw, sha256: view(reply.sha256), encoded: back.subarray(0, reply.encodedLength), ciphertextLength: reply.ciphertextLength ?? 0, out: back, ...sampled };
      },
      close: () => this.slots.broadcast({ kind: 'close', session } satisfies PrepareRequest),
    };
  }

  private async post(build: (id: number) => PrepareRequest, transfer: ArrayBuffer[] = []): Promise<PrepareReply & { sha256: Uint8Array }> {
    const reply = await this.slots.request(this.slots.nextSlot(), build, transfer);
    if (reply.sha256 === undefined) throw new Error(`preparing a chunk failed on a worker: ${reply.error ?? 'no reply'}`);
    return { ...reply, sha256: reply.sha256 };
  }

  close(): Promise<void> {
    return this.slots.close();
  }
}

function toSealed(sealed: { frame: ChunkFrame; encodedLength: number; chunkSha256: Buffer; sample?: LevelSampleMeasure }, out: Buffer): SourceSealedChunk {
  const sampled = sealed.sample === undefined ? {} : { sample: sealed.sample };
  return { encoding: sealed.frame.encoding, sha256: sealed.chunkSha256, encoded: out.subarray(0, sealed.encodedLength), ciphertextLength: sealed.frame.ciphertext.length, out, ...sampled };
}
