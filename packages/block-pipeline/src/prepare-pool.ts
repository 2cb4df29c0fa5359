import { ChunkCompressor, Encoding } from './compression';
import { isAllZero, sha256, zeroChunkHash } from './hashing';
import { ownsItsMemory, WorkerSlots } from './worker-slots';

/** A chunk to prepare; `data` is shared with (SharedArrayBuffer) or copied to the worker, never moved. */
/**
 * `out`: a SharedArrayBuffer-backed buffer the worker copies a compressed payload into (reply
 * `payloadLength`), so the payload never becomes a fresh buffer in the caller's isolate.
 */
export type PrepareRequest = { id: number; data: Uint8Array; level: number; hashOnly?: boolean; out?: Uint8Array };

/** The plaintext hash and the payload; no payload means raw: send the caller's own data. */
export type PrepareReply = { id: number; encoding?: Encoding; sha256?: Uint8Array; payload?: Uint8Array; payloadLength?: number; error?: string };

/** A prepared chunk: `payload` is the bytes to send (the input itself when raw). */
export interface PreparedChunk {
  encoding: Encoding;
  sha256: Buffer;
  payload: Buffer;
}

const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Hashes and compresses chunks next to the source disk on worker threads (prepared reads; hash()
 * alone for HashChunks), the way FrameSealer would, so the hop to prem-manager carries compressed bytes. Inputs are never moved:
 * pooled read buffers backed by SharedArrayBuffers are read in place, others are copied in.
 * Prepares inline when `threads` is 0 or the compiled worker is absent (tests on TypeScript sources).
 */
export class PreparePool {
  private readonly slots: WorkerSlots<PrepareReply>;
  private inline: ChunkCompressor | undefined;

  constructor(threads: number, private readonly level = 1) {
    this.slots = new WorkerSlots({ script: 'prepare-worker.js', threads, name: 'prepare worker', lossNote: 'the reads that needed its chunks fail and prem-manager retries them in a new session', oldGenerationMb: 32 });
  }

  get threads(): number {
    return this.slots.size;
  }

  /**
   * Hashes and compresses `data` (unless incompressible); the caller keeps `data` unchanged until this settles.
   * With `out` (a SharedArrayBuffer-backed buffer at least as long as `data`), a compressed payload is
   * written into it and returned as a view of it: each fresh payload buffer the caller receives counts
   * towards V8's external-memory limit, which started a full marking of the heap every ~64 MiB.
   */
  prepare(data: Buffer, out?: Buffer): Promise<PreparedChunk> {
    if (this.slots.size === 0) {
      this.inline ??= new ChunkCompressor(this.level);
      const { encoding, payload } = this.inline.compress(data);
      return Promise.resolve({ encoding, sha256: sha256(data), payload });
    }
    const shared = out !== undefined && out.buffer instanceof SharedArrayBuffer && out.length >= data.length ? out : undefined;
    return this.post(data, false, shared).then((reply) => {
      const payload = reply.payloadLength !== undefined && shared !== undefined ? shared.subarray(0, reply.payloadLength) : reply.payload === undefined ? data : view(reply.payload);
      return { encoding: reply.encoding ?? Encoding.Raw, sha256: view(reply.sha256), payload };
    });
  }

  /** SHA-256 of `data` (the cached zero-chunk hash when all bytes are zero); a buffer that owns its memory moves to the worker. */
  hash(data: Buffer): Promise<Buffer> {
    if (this.slots.size === 0) return Promise.resolve(isAllZero(data) ? zeroChunkHash(data.length) : sha256(data));
    return this.post(data, true).then((reply) => view(reply.sha256));
  }

  private async post(data: Buffer, hashOnly: boolean, out?: Buffer): Promise<PrepareReply & { sha256: Uint8Array }> {
    // Only a hash comes back, so a buffer the caller gives up can move instead of being copied.
    const transfer = hashOnly && ownsItsMemory(data) ? [data.buffer as ArrayBuffer] : [];
    const reply = await this.slots.request(this.slots.nextSlot(), (id) => ({ id, data, level: this.level, hashOnly, out }) satisfies PrepareRequest, transfer);
    if (reply.sha256 === undefined) throw new Error(`preparing a chunk failed on a worker: ${reply.error ?? 'no reply'}`);
    return { ...reply, sha256: reply.sha256 };
  }

  close(): Promise<void> {
    return this.slots.close();
  }
}
