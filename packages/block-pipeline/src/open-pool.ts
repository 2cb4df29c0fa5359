import type { Worker } from 'node:worker_threads';
import { IntegrityError } from '@ferry/errors';
import { ChunkLanding, type Landed } from './chunk-landing';
import type { ChunkFrame, SessionParams } from './frames';
import { ownsItsMemory, WorkerSlots } from './worker-slots';

/** Messages to an open worker. */
export type OpenRequest =
  | { kind: 'open'; session: string; key: Buffer; params: SessionParams; targetPath: string }
  | { kind: 'close'; session: string }
  | { kind: 'chunk'; id: number; session: string; frame: ChunkFrame; writeZeros: boolean; chunk?: ChunkPlace };

/** The whole chunk a frame carries a span of. */
export interface ChunkPlace {
  offset: number;
  length: number;
}

/** A worker's answer: the landed chunk's hash, or why it was rejected (`errno`: the system error's code, e.g. ENOSPC). */
export type OpenReply = { id: number; sha256?: Uint8Array; zero?: boolean; error?: string; integrity?: boolean; errno?: string };

/** Landing (verify + write) the frames of one receiving session through a pool. */
export interface PooledLanding {
  /** `chunk`: the frame is a span of this chunk; the landed hash is then the whole chunk's, read back after the write. */
  land(frame: ChunkFrame, writeZeros: boolean, chunk?: ChunkPlace): Promise<Landed>;
  /** Closes the session's target descriptors once every frame handed in so far has settled. */
  close(): Promise<void>;
}

/**
 * The receiver's counterpart of PreparePool's sealing: tag check, decompression, SHA-256 and the write of each
 * chunk run on worker threads, so the receiving main thread only moves ciphertext and commits. Its
 * small heaps also make the garbage of a GiB of plaintext cheap to collect. Lands inline when the
 * compiled worker is absent (tests on TypeScript sources) or `threads` is 0.
 */
export class OpenPool {
  private readonly slots: WorkerSlots<OpenReply>;
  private nextSession = 0;

  constructor(threads: number, spawn?: (script: string) => Worker) {
    this.slots = new WorkerSlots({
      script: 'open-worker.js', threads, spawn, name: 'open worker',
      lossNote: 'the chunks it held were not acknowledged and will be resent',
    });
  }

  get threads(): number {
    return this.slots.size;
  }

  /** A landing for one session writing to `targetPath`; frames are spread over the workers round-robin. */
  open(key: Buffer, params: SessionParams, targetPath: string): PooledLanding {
    const pending = new Set<Promise<unknown>>();
    const track = (work: Promise<Landed>): Promise<Landed> => {
      const done: Promise<unknown> = work.catch(() => undefined).finally(() => pending.delete(done));
      pending.add(done);
      return work;
    };
    if (this.slots.size === 0) {
      const inline = new ChunkLanding(key, params, targetPath);
      return {
        land: (frame, writeZeros, chunk) => track(inline.land(frame, writeZeros, chunk)),
        close: async () => {
          await Promise.all([...pending]);
          await inline.close();
        },
      };
    }
    const session = String(this.nextSession++);
    this.slots.broadcast({ kind: 'open', session, key, params, targetPath } satisfies OpenRequest);
    /** Worker and count of frames in flight per chunk index. */
    const inFlight = new Map<number, { slot: number; frames: number }>();
    const land = async (frame: ChunkFrame, writeZeros: boolean, chunk?: ChunkPlace): Promise<Landed> => {
      // Round-robin, except that a second frame of a chunk still in flight goes where the first went, so they land in stream order.
      const index = frame.index;
      const busy = inFlight.get(index) ?? { slot: this.slots.nextSlot(), frames: 0 };
      busy.frames++;
      inFlight.set(index, busy);
      // Move the ciphertext's memory (a decoded gRPC message owns it) instead of copying it.
      const transfer = ownsItsMemory(frame.ciphertext) ? [frame.ciphertext.buffer as ArrayBuffer] : [];
      try {
        const reply = await this.slots.request(busy.slot, (id) => ({ kind: 'chunk', id, session, frame, writeZeros, ...(chunk === undefined ? {} : { chunk }) }) satisfies OpenRequest, transfer);
        if (reply.sha256 === undefined) throw reply.integrity === true ? new IntegrityError(reply.error ?? 'chunk rejected') : workerError(reply);
        return { sha256: Buffer.from(reply.sha256.buffer, reply.sha256.byteOffset, reply.sha256.byteLength), zero: reply.zero === true };
      } finally {
        if (--busy.frames === 0) inFlight.delete(index);
      }
    };
    return {
      land: (frame, writeZeros, chunk) => track(land(frame, writeZeros, chunk)),
      close: async () => {
        await Promise.all([...pending]);
        this.slots.broadcast({ kind: 'close', session } satisfies OpenRequest);
      },
    };
  }

  close(): Promise<void> {
    return this.slots.close();
  }
}

/** A worker's failure as the error it was there: a failed write keeps its code (ENOSPC, EDQUOT, EIO…), as an inline landing's would. */
function workerError(reply: OpenReply): Error {
  const error = new Error(reply.error ?? 'open worker failed');
  return reply.errno === undefined ? error : Object.assign(error, { code: reply.errno });
}
