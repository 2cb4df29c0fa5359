import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkCompressor, Encoding } from './compression';
import { isAllZero, sha256, zeroChunkHash } from './hashing';

/** A chunk to prepare; `data` is shared with (SharedArrayBuffer) or copied to the worker, never moved. */
export type PrepareRequest = { id: number; data: Uint8Array; level: number; hashOnly?: boolean };

/** The plaintext hash and the payload; no payload means raw: send the caller's own data. */
export type PrepareReply = { id: number; encoding?: Encoding; sha256?: Uint8Array; payload?: Uint8Array; error?: string };

/** A prepared chunk: `payload` is the bytes to send (the input itself when raw). */
export interface PreparedChunk {
  encoding: Encoding;
  sha256: Buffer;
  payload: Buffer;
}

const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Hashes and compresses chunks next to the source disk on worker threads (prepared reads; hash() alone
 * for HashChunks), the way
 * FrameSealer would, so the hop to prem-manager carries compressed bytes. Inputs are never moved:
 * pooled read buffers backed by SharedArrayBuffers are read in place, others are copied in.
 * Prepares inline when `threads` is 0 or the compiled worker is absent (tests on TypeScript sources).
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve(reply: PrepareReply): void; reject(error: Error): void }>();
  private nextId = 0;
  private turn = 0;
  private inline: ChunkCompressor | undefined;

  constructor(threads: number, private readonly level = 1) {
    const script = join(__dirname, 'prepare-worker.js');
    if (threads <= 0 || !existsSync(script)) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
      worker.unref();
      worker.on('message', (reply: PrepareReply) => {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (waiter === undefined) return;
        if (reply.sha256 === undefined) waiter.reject(new Error(`preparing a chunk failed on a worker: ${reply.error ?? 'no reply'}`));
        else waiter.resolve(reply);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      this.workers.push(worker);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Hashes and compresses `data` (unless incompressible); the caller keeps `data` unchanged until this settles. */
  prepare(data: Buffer): Promise<PreparedChunk> {
    if (this.workers.length === 0) {
      this.inline ??= new ChunkCompressor(this.level);
      const { encoding, payload } = this.inline.compress(data);
      return Promise.resolve({ encoding, sha256: sha256(data), payload });
    }
    return this.post(data, false).then((reply) => ({ encoding: reply.encoding ?? Encoding.Raw, sha256: view(reply.sha256!), payload: reply.payload === undefined ? data : view(reply.payload) }));
  }

  /** SHA-256 of `data` (the cached zero-chunk hash when all bytes are zero); a buffer that owns its memory moves to the worker. */
  hash(data: Buffer): Promise<Buffer> {
    if (this.workers.length === 0) return Promise.resolve(isAllZero(data) ? zeroChunkHash(data.length) : sha256(data));
    return this.post(data, true).then((reply) => view(reply.sha256!));
  }

  private post(data: Buffer, hashOnly: boolean): Promise<PrepareReply> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      // Only a hash comes back, so a buffer the caller gives up can move instead of being copied.
      const movable = hashOnly && !(data.buffer instanceof SharedArrayBuffer) && data.buffer.byteLength <= data.byteLength + 64 * 1024;
      this.workers[this.turn++ % this.workers.length]!.postMessage({ id, data, level: this.level, hashOnly } satisfies PrepareRequest, movable ? [data.buffer as ArrayBuffer] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
