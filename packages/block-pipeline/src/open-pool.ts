import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IntegrityError } from '@ferry/errors';
import { ChunkLanding, type Landed } from './chunk-landing';
import type { ChunkFrame, SessionParams } from './frames';

/** Messages to an open worker. */
export type OpenRequest =
  | { kind: 'open'; session: string; key: Buffer; params: SessionParams; targetPath: string }
  | { kind: 'close'; session: string }
  | { kind: 'chunk'; id: number; session: string; frame: ChunkFrame; writeZeros: boolean };

/** A worker's answer: the landed chunk's hash, or why it was rejected. */
export type OpenReply = { id: number; sha256?: Uint8Array; zero?: boolean; error?: string; integrity?: boolean };

/** Landing (verify + write) the frames of one receiving session through a pool. */
export interface PooledLanding {
  land(frame: ChunkFrame, writeZeros: boolean): Promise<Landed>;
  /** Closes the session's target descriptors once every frame handed in so far has settled. */
  close(): Promise<void>;
}

const defaultSpawn = (script: string): Worker => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });

/**
 * The receiver's counterpart of SealPool: tag check, decompression, SHA-256 and the write of each
 * chunk run on worker threads, so the receiving main thread only moves ciphertext and commits. Its
 * small heaps also make the garbage of a GiB of plaintext cheap to collect. Lands inline when the
 * compiled worker is absent (tests on TypeScript sources) or `threads` is 0.
 */
export class OpenPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve(landed: Landed): void; reject(error: Error): void }>();
  private nextId = 0;
  private nextSession = 0;
  private closing = false;

  constructor(threads: number, private readonly spawn: (script: string) => Worker = defaultSpawn) {
    const script = join(__dirname, 'open-worker.js');
    if (threads <= 0 || !existsSync(script)) return;
    for (let i = 0; i < threads; i++) this.workers.push(this.start(script, i));
  }

  private start(script: string, slot: number): Worker {
    const worker = this.spawn(script);
    worker.unref();
    worker.on('message', (reply: OpenReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.sha256 !== undefined) waiter?.resolve({ sha256: Buffer.from(reply.sha256.buffer, reply.sha256.byteOffset, reply.sha256.byteLength), zero: reply.zero === true });
      else waiter?.reject(reply.integrity === true ? new IntegrityError(reply.error ?? 'chunk rejected') : new Error(reply.error ?? 'open worker failed'));
    });
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.closing) return;
      const reason = failure ? failure.message : `exit code ${code}`;
      const error = new Error(`open worker ${slot} stopped (${reason}); the chunks it held were not acknowledged and will be resent`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
      this.workers[slot] = this.start(script, slot);
    });
    return worker;
  }

  get threads(): number {
    return this.workers.length;
  }

  /** A landing for one session writing to `targetPath`; frames are spread over the workers round-robin. */
  open(key: Buffer, params: SessionParams, targetPath: string): PooledLanding {
    const pending = new Set<Promise<unknown>>();
    const track = (work: Promise<Landed>): Promise<Landed> => {
      const done: Promise<unknown> = work.catch(() => undefined).finally(() => pending.delete(done));
      pending.add(done);
      return work;
    };
    if (this.workers.length === 0) {
      const inline = new ChunkLanding(key, params, targetPath);
      return {
        land: (frame, writeZeros) => track(new Promise<Landed>((resolve) => resolve(inline.land(frame, writeZeros)))),
        close: async () => {
          await Promise.all([...pending]);
          inline.close();
        },
      };
    }
    const session = String(this.nextSession++);
    for (const worker of this.workers) worker.postMessage({ kind: 'open', session, key, params, targetPath } satisfies OpenRequest);
    let turn = 0;
    /** Worker and count of frames in flight per chunk index. */
    const inFlight = new Map<number, { slot: number; frames: number }>();
    return {
      land: (frame, writeZeros) =>
        track(new Promise<Landed>((resolve, reject) => {
          // Round-robin, except that a second frame of a chunk still in flight goes where the first went, so they land in stream order.
          const index = frame.index;
          const busy = inFlight.get(index) ?? { slot: turn++ % this.workers.length, frames: 0 };
          busy.frames++;
          inFlight.set(index, busy);
          const settle = (): void => {
            if (--busy.frames === 0) inFlight.delete(index);
          };
          const id = this.nextId++;
          this.waiting.set(id, {
            resolve: (landed) => {
              settle();
              resolve(landed);
            },
            reject: (error) => {
              settle();
              reject(error);
            },
          });
          // Move the ciphertext's memory (a decoded gRPC message owns it) instead of copying it.
          const data = frame.ciphertext;
          const movable = !(data.buffer instanceof SharedArrayBuffer) && data.byteLength > 0 && data.buffer.byteLength <= data.byteLength + 64 * 1024;
          this.workers[busy.slot]!.postMessage({ kind: 'chunk', id, session, frame, writeZeros } satisfies OpenRequest, movable ? [data.buffer as ArrayBuffer] : []);
        })),
      close: async () => {
        await Promise.all([...pending]);
        for (const worker of this.workers) worker.postMessage({ kind: 'close', session } satisfies OpenRequest);
      },
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
