import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChunkFrame, SessionParams } from './frames';
import { FrameSealer, type PlainChunk } from './sender-session';

/** Messages to a seal worker. */
export type SealRequest =
  | { kind: 'open'; session: string; key: Buffer; params: SessionParams; level: number }
  | { kind: 'close'; session: string }
  | { kind: 'seal'; id: number; session: string; counter: number; chunk: PlainChunk };

/** A worker's answer: the frame, or the error message. */
export type SealReply = { id: number; frame?: ChunkFrame; error?: string };

/** Sealing for one session through a pool. */
export interface PooledSealer {
  seal(counter: number, chunk: PlainChunk): Promise<ChunkFrame>;
  close(): void;
}

// Small heaps: the chunks themselves live outside the heap; this keeps peak RSS bounded.
const defaultSpawn = (script: string): Worker =>
  new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });

/**
 * Seals chunks on worker threads so hashing, zstd and AES-GCM of several chunks run on several
 * cores while the main thread moves bytes. Falls back to sealing inline when the compiled worker
 * is not there (tests that run TypeScript sources) or when `threads` is 0.
 */
export class SealPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve(frame: ChunkFrame): void; reject(error: Error): void }>();
  private nextId = 0;
  private nextSession = 0;

  private closing = false;

  /**
   * @param spawn makes one worker from the compiled script; tests pass their own to reach the workers.
   */
  constructor(threads: number, private readonly spawn: (script: string) => Worker = defaultSpawn) {
    const script = join(__dirname, 'seal-worker.js');
    if (threads <= 0 || !existsSync(script)) return;
    for (let i = 0; i < threads; i++) this.workers.push(this.start(script, i));
  }

  /** Starts worker `slot`; if it dies, whatever it held fails at once and a fresh worker takes the slot. */
  private start(script: string, slot: number): Worker {
    const worker = this.spawn(script);
    worker.unref();
    worker.on('message', (reply: SealReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.frame !== undefined) {
        const f = reply.frame;
        // Structured clone turns Buffers into Uint8Arrays: view them as Buffers again, no copy.
        const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
        waiter?.resolve({ ...f, sessionId: buf(f.sessionId), plaintextSha256: buf(f.plaintextSha256), ciphertext: buf(f.ciphertext), tag: buf(f.tag), wire: f.wire === undefined ? undefined : buf(f.wire) });
      } else waiter?.reject(new Error(reply.error ?? 'seal worker failed'));
    });
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.closing) return;
      // Without this a dead worker swallows every later seal and the transfer stalls silently.
      const reason = failure ? failure.message : `exit code ${code}`;
      const error = new Error(`seal worker ${slot} stopped (${reason}); the chunks it held were not sealed — the transfer retries with a new session`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
      // The new worker knows no open session: seals of old sessions fail with "no session", new sessions work.
      this.workers[slot] = this.start(script, slot);
    });
    return worker;
  }

  get threads(): number {
    return this.workers.length;
  }

  /** A sealer for one session; chunks are spread over the workers round-robin. */
  open(key: Buffer, params: SessionParams, level = 1): PooledSealer {
    if (this.workers.length === 0) {
      const inline = new FrameSealer(key, params, level);
      return { seal: async (counter, chunk) => inline.seal(counter, chunk), close: () => undefined };
    }
    const session = String(this.nextSession++);
    for (const worker of this.workers) worker.postMessage({ kind: 'open', session, key, params, level } satisfies SealRequest);
    let turn = 0;
    return {
      seal: (counter, chunk) =>
        new Promise<ChunkFrame>((resolve, reject) => {
          const id = this.nextId++;
          this.waiting.set(id, { resolve, reject });
          const worker = this.workers[turn++ % this.workers.length]!;
          // Move the chunk's memory to the worker instead of copying it when the chunk owns (nearly) all
          // of its ArrayBuffer, as decoded gRPC messages do; the caller must not touch `chunk.data` again.
          const data = chunk.data;
          const movable = data !== undefined && !(data.buffer instanceof SharedArrayBuffer) && data.buffer.byteLength <= data.byteLength + 64 * 1024;
          worker.postMessage({ kind: 'seal', id, session, counter, chunk } satisfies SealRequest, movable ? [data.buffer as ArrayBuffer] : []);
        }),
      close: () => {
        for (const worker of this.workers) worker.postMessage({ kind: 'close', session } satisfies SealRequest);
      },
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
