import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';

/** What every worker reply carries: the id of the request it answers. */
export interface WorkerReply {
  id: number;
}

/** How {@link WorkerSlots} starts its workers. */
export interface WorkerSlotsOptions {
  /** File name of the compiled worker script next to this module, e.g. "prepare-worker.js". */
  readonly script: string;
  readonly threads: number;
  /** Names the pool in errors, e.g. "seal worker". */
  readonly name: string;
  /** What happens to the requests a dead worker held, for the error they fail with. */
  readonly lossNote: string;
  /** V8 old-generation cap per worker; the chunks live outside the heap, so small heaps bound RSS. */
  readonly oldGenerationMb?: number;
  /** Makes one worker from the compiled script; tests pass their own to reach the workers. */
  readonly spawn?: (script: string) => Worker;
}

/** Whether a buffer owns (nearly) all of its memory, so moving that memory to a worker costs no copy of others' data. */
export function ownsItsMemory(data: Uint8Array): boolean {
  return !(data.buffer instanceof SharedArrayBuffer) && data.byteLength > 0 && data.buffer.byteLength <= data.byteLength + 64 * 1024;
}

/**
 * Worker threads running one script, each request answered by a reply carrying its id. A worker
 * that dies fails the requests it held at once and a fresh one takes its slot, so a crash never
 * stalls a transfer silently. Empty (size 0) when `threads` is 0 or the compiled script is absent
 * (tests that run TypeScript sources): callers then do the work inline.
 */
export class WorkerSlots<Reply extends WorkerReply> {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { slot: number; resolve(reply: Reply): void; reject(error: Error): void }>();
  private nextId = 0;
  private turn = 0;
  private closing = false;

  constructor(private readonly options: WorkerSlotsOptions) {
    const script = join(__dirname, options.script);
    if (options.threads <= 0 || !existsSync(script)) return;
    for (let slot = 0; slot < options.threads; slot++) this.workers.push(this.start(script, slot));
  }

  get size(): number {
    return this.workers.length;
  }

  /** The next slot in round-robin order. */
  nextSlot(): number {
    return this.turn++ % this.workers.length;
  }

  /** Posts `message` to every worker (session open/close); no reply is expected. */
  broadcast(message: unknown): void {
    for (const worker of this.workers) worker.postMessage(message);
  }

  /** Posts the message `build(id)` to worker `slot` and resolves with the reply carrying that id. */
  request(slot: number, build: (id: number) => unknown, transfer: readonly TransferListItem[] = []): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { slot, resolve, reject });
      this.workers[slot]!.postMessage(build(id), transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private start(script: string, slot: number): Worker {
    const worker = (this.options.spawn ?? ((s: string) => new Worker(s, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: this.options.oldGenerationMb ?? 64 } })))(script);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.closing) return;
      const reason = failure ? failure.message : `exit code ${code}`;
      const error = new Error(`${this.options.name} ${slot} stopped (${reason}); ${this.options.lossNote}`);
      for (const [id, waiter] of this.waiting) {
        if (waiter.slot !== slot) continue;
        this.waiting.delete(id);
        waiter.reject(error);
      }
      // The new worker knows no open session: requests of old sessions fail with "no session", new sessions work.
      this.workers[slot] = this.start(script, slot);
    });
    return worker;
  }
}
