// The one place the appliance arms timers for scheduled work (a plan's start, a migration's cutover).
// A wake-up is a key, a point in time and what to run then. Node's setTimeout cannot wait longer than
// 2^31-1 ms (about 24.8 days) and may fire a millisecond early, so a timer that fires before its time
// is armed again for the rest: a wake-up never runs before its time, and never twice for one arming.

/** The clock and timers the wake-ups run on; tests pass a fake one. */
export interface TimerPort {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's own clock and timers; timers are unref'd so a pending wake-up never holds the process open. */
export const systemTimers: TimerPort = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The longest single wait Node's setTimeout takes; a longer one is made of several. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface Armed {
  readonly at: number;
  handle: unknown;
}

export class WakeTimers {
  private readonly armed = new Map<string, Armed>();
  private stopped = false;

  constructor(private readonly timers: TimerPort = systemTimers) {}

  /**
   * Runs `wake` at `at` (unix ms; a time already past runs at once). Arming a key again replaces its
   * wake-up; after stop() nothing is armed.
   */
  arm(key: string, at: number, wake: () => void): void {
    if (this.stopped) return;
    this.disarm(key);
    const entry: Armed = { at, handle: undefined };
    const wait = (): void => {
      const left = at - this.timers.now();
      if (left > 0) {
        entry.handle = this.timers.setTimeout(wait, Math.min(left, MAX_TIMER_MS));
        return;
      }
      this.armed.delete(key);
      wake();
    };
    this.armed.set(key, entry);
    entry.handle = this.timers.setTimeout(wait, Math.min(Math.max(0, at - this.timers.now()), MAX_TIMER_MS));
  }

  disarm(key: string): void {
    const entry = this.armed.get(key);
    if (!entry) return;
    this.timers.clearTimeout(entry.handle);
    this.armed.delete(key);
  }

  /** When `key` is armed for, or undefined when it is not armed. */
  armedAt(key: string): number | undefined {
    return this.armed.get(key)?.at;
  }

  /** Every armed key. */
  keys(): string[] {
    return [...this.armed.keys()];
  }

  /** Clears every timer and arms no more (the appliance is stopping). */
  stop(): void {
    this.stopped = true;
    for (const key of [...this.armed.keys()]) this.disarm(key);
  }
}
