import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isAllZero, sha256, zeroChunkHash } from './hashing';

/** SHA-256 of a chunk (the cached zero-chunk hash when all bytes are zero), computed off the main thread. */
export class HashPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve(hash: Buffer): void; reject(error: Error): void }>();
  private nextId = 0;
  private turn = 0;

  /** `threads` 0, or no compiled worker beside this file (tests on TypeScript sources), hashes inline. */
  constructor(threads: number) {
    const script = join(__dirname, 'hash-worker.js');
    if (threads <= 0 || !existsSync(script)) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
      worker.unref();
      worker.on('message', ({ id, hash }: { id: number; hash: Uint8Array }) => {
        this.waiting.get(id)?.resolve(Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength));
        this.waiting.delete(id);
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

  /** Hashes `data`; when it owns its memory the buffer moves to the worker and must not be used again. */
  hash(data: Buffer): Promise<Buffer> {
    if (this.workers.length === 0) return Promise.resolve(isAllZero(data) ? zeroChunkHash(data.length) : sha256(data));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const movable = !(data.buffer instanceof SharedArrayBuffer) && data.buffer.byteLength <= data.byteLength + 64 * 1024;
      this.workers[this.turn++ % this.workers.length]!.postMessage({ id, data }, movable ? [data.buffer as ArrayBuffer] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
