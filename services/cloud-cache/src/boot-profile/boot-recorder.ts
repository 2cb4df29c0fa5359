/**
 * Records a boot profile: the order in which a guest first touched each chunk of its disk while it
 * booted (read it, or wrote part of it while absent: both wait for prem). Only chunk indexes are kept
 * (never data), each once, in first-touch order. Recording starts with the first touch and ends when the window has passed, the chunk limit is reached, or the boot is
 * declared done — whichever comes first. Pure: the clock comes in with each touch.
 */

/** When a recording stops. */
export interface RecordingLimits {
  /** How long after the first touch chunks are still recorded, in ms. */
  windowMs: number;
  /** Most chunks one profile holds. */
  maxChunks: number;
}

/** Defaults: a TCG boot of the test guest touches about 174 MiB-chunks in a few minutes. */
export const DEFAULT_RECORDING_LIMITS: RecordingLimits = { windowMs: 300_000, maxChunks: 4096 };

export class BootRecorder {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  private startedAt: number | undefined;
  private finished = false;

  constructor(private readonly limits: RecordingLimits = DEFAULT_RECORDING_LIMITS) {
    if (!(limits.windowMs > 0) || !(limits.maxChunks > 0)) {
      throw new RangeError(`boot recording limits must be positive, got window ${limits.windowMs} ms and ${limits.maxChunks} chunks`);
    }
  }

  /** Notes that chunks `first`..`last` were touched at `now` (ms); false once the recording is over. */
  touch(first: number, last: number, now: number): boolean {
    if (this.finished) return false;
    this.startedAt ??= now;
    if (now - this.startedAt > this.limits.windowMs) return this.finish();
    for (let i = first; i <= last; i++) {
      if (this.seen.has(i)) continue;
      this.seen.add(i);
      this.order.push(i);
      if (this.order.length >= this.limits.maxChunks) return this.finish();
    }
    return true;
  }

  /** Ends the recording (the boot is done); later touches are ignored. Returns false. */
  finish(): false {
    this.finished = true;
    return false;
  }

  get done(): boolean {
    return this.finished;
  }

  /** The chunks touched so far, in first-touch order. */
  chunks(): number[] {
    return [...this.order];
  }
}
