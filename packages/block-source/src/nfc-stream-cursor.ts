import type { StreamGrain } from '@ferry/disk-formats';
import { DiskFormatError } from '@ferry/disk-formats';
import { FerryError, IllegalStateError, UnavailableError } from '@ferry/errors';

/** What a cursor reports as it passes grains, so the source can build its extent map. */
export interface CursorObserver {
  /** A grain (allocated guest range) passed by. Grains arrive in ascending order. */
  grain(offset: number, length: number): void;
  /** Every grain below `position` has been seen. */
  passed(position: number): void;
}

/**
 * One pass over a streamOptimized export: reads must ask for ascending, non-overlapping ranges
 * (they are served in the order asked). Bytes no grain covers read as zeros.
 */
export class StreamCursor {
  /** End of the last range asked for; the next read must start at or after it. */
  claimedEnd = 0;
  lastUsed = 0;
  failed: unknown;
  private held: StreamGrain | undefined;
  private grainEnd = 0;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly grains: AsyncIterator<StreamGrain>,
    private readonly virtualSize: number,
    private readonly where: string,
    private readonly observer: CursorObserver,
    private readonly onClose: () => void,
  ) {}

  get idle(): boolean {
    return this.pending === 0;
  }

  read(offset: number, length: number): Promise<Buffer> {
    if (offset < this.claimedEnd) throw new IllegalStateError(`${this.where}: read at byte ${offset} is behind the stream (at ${this.claimedEnd}); an export stream reads forward only`);
    this.claimedEnd = offset + length;
    this.lastUsed = Date.now();
    this.pending++;
    const result = this.queue.then(() => this.fill(offset, length));
    this.queue = result.catch(() => undefined).finally(() => this.pending--);
    return result;
  }

  private async next(): Promise<StreamGrain | undefined> {
    if (this.held !== undefined) {
      const grain = this.held;
      this.held = undefined;
      return grain;
    }
    if (this.ended) return undefined;
    let step: IteratorResult<StreamGrain>;
    try {
      step = await this.grains.next();
    } catch (error) {
      throw this.fail(error);
    }
    if (step.done === true) {
      this.ended = true;
      this.observer.passed(this.virtualSize);
      return undefined;
    }
    const grain = step.value;
    if (grain.offset < this.grainEnd) {
      throw this.fail(new DiskFormatError({ file: this.where, format: 'vmdk streamOptimized stream', where: `grain at guest byte ${grain.offset}`, fault: `comes after a grain ending at ${this.grainEnd}: grains are not in ascending order, which Ferry needs to read an export in one pass`, fix: 'export the disk again from ESXi (which writes grains in order)' }));
    }
    this.grainEnd = grain.offset + grain.data.length;
    this.observer.passed(grain.offset);
    this.observer.grain(grain.offset, grain.data.length);
    return grain;
  }

  /** Copies the grains overlapping [offset, offset+length) into a zeroed buffer. */
  private async fill(offset: number, length: number): Promise<Buffer> {
    if (this.failed !== undefined) throw this.failed;
    const end = offset + length;
    const out = Buffer.alloc(length);
    for (;;) {
      const grain = await this.next();
      if (grain === undefined) break;
      const grainEnd = grain.offset + grain.data.length;
      if (grainEnd <= offset) continue; // skipping forward (a resume, or a range nobody asked for)
      if (grain.offset >= end) {
        this.held = grain;
        break;
      }
      const from = Math.max(offset, grain.offset);
      const to = Math.min(end, grainEnd);
      grain.data.copy(out, from - offset, from - grain.offset, to - grain.offset);
      if (grainEnd > end) {
        this.held = grain;
        break;
      }
    }
    this.observer.passed(end); // the held grain, if any, was reported already
    return out;
  }

  /** Keeps the first fault: this pass is over, later reads on it fail the same way. */
  private fail(error: unknown): unknown {
    if (this.failed === undefined) {
      this.failed = error instanceof FerryError ? error : new UnavailableError(`${this.where}: the stream failed: ${(error as { message?: string }).message ?? String(error)}; the transfer retries with a new pass`, { cause: error });
      this.close();
    }
    return this.failed;
  }

  close(): void {
    this.ended = true;
    this.onClose();
  }
}
