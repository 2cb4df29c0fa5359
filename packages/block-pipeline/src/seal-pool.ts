import type { Worker } from 'node:worker_threads';
import type { ChunkFrame, SessionParams } from './frames';
import { FrameSealer, type PlainChunk } from './sender-session';
import { ownsItsMemory, WorkerSlots } from './worker-slots';

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

/**
 * Seals chunks on worker threads so hashing, zstd and AES-GCM of several chunks run on several
 * cores while the main thread moves bytes. Falls back to sealing inline when the compiled worker
 * is not there (tests that run TypeScript sources) or when `threads` is 0.
 */
export class SealPool {
  private readonly slots: WorkerSlots<SealReply>;
  private nextSession = 0;

  /**
   * @param spawn makes one worker from the compiled script; tests pass their own to reach the workers.
   */
  constructor(threads: number, spawn?: (script: string) => Worker) {
    this.slots = new WorkerSlots({
      script: 'seal-worker.js', threads, spawn, name: 'seal worker',
      lossNote: 'the chunks it held were not sealed — the transfer retries with a new session',
    });
  }

  get threads(): number {
    return this.slots.size;
  }

  /** A sealer for one session; chunks are spread over the workers round-robin. */
  open(key: Buffer, params: SessionParams, level = 1): PooledSealer {
    if (this.slots.size === 0) {
      const inline = new FrameSealer(key, params, level);
      return { seal: async (counter, chunk) => inline.seal(counter, chunk), close: () => undefined };
    }
    const session = String(this.nextSession++);
    this.slots.broadcast({ kind: 'open', session, key, params, level } satisfies SealRequest);
    return {
      seal: async (counter, chunk) => {
        // Move the chunk's memory to the worker instead of copying it when the chunk owns (nearly) all
        // of its ArrayBuffer, as decoded gRPC messages do; the caller must not touch `chunk.data` again.
        const data = chunk.data;
        const transfer = data !== undefined && ownsItsMemory(data) ? [data.buffer as ArrayBuffer] : [];
        const reply = await this.slots.request(this.slots.nextSlot(), (id) => ({ kind: 'seal', id, session, counter, chunk }) satisfies SealRequest, transfer);
        if (reply.frame === undefined) throw new Error(reply.error ?? 'seal worker failed');
        const f = reply.frame;
        // Structured clone turns Buffers into Uint8Arrays: view them as Buffers again, no copy.
        const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
        return { ...f, sessionId: buf(f.sessionId), plaintextSha256: buf(f.plaintextSha256), ciphertext: buf(f.ciphertext), tag: buf(f.tag), wire: f.wire === undefined ? undefined : buf(f.wire) };
      },
      close: () => this.slots.broadcast({ kind: 'close', session } satisfies SealRequest),
    };
  }

  close(): Promise<void> {
    return this.slots.close();
  }
}
