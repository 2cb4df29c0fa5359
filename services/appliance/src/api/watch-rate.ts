// Copy rate over a sliding window and the ETA that follows from it. Pure: samples carry their own time.

/** One observation of a disk copy: how far it was at a moment (event time, unix ms). */
export interface ProgressSample {
  readonly at: number;
  /** Bytes of the disk done (everything below this offset is on the target). */
  readonly done: number;
}

/** How far back the rate looks. Checkpoints are coarse today (see docs in watch-tracker.ts), so the window is generous. */
export const RATE_WINDOW_MS = 30_000;

/**
 * Adds a sample and drops those that fell out of the window. The newest sample older than the window
 * is kept as the window's baseline, so a rate still exists after a long pause between checkpoints.
 */
export function addSample(samples: readonly ProgressSample[], sample: ProgressSample, windowMs = RATE_WINDOW_MS): ProgressSample[] {
  // A sample that goes backwards (a copy restarted lower after a retry) starts a fresh window.
  const last = samples.at(-1);
  const kept = last && (sample.done < last.done || sample.at < last.at) ? [] : [...samples];
  kept.push(sample);
  const start = sample.at - windowMs;
  let firstInside = kept.findIndex((s) => s.at >= start);
  if (firstInside > 0) firstInside -= 1; // keep one baseline before the window
  return firstInside > 0 ? kept.slice(firstInside) : kept;
}

/** Bytes per second between the window's first and last sample; 0 when that is not yet measurable. */
export function rateOf(samples: readonly ProgressSample[]): number {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at <= first.at) return 0;
  return ((last.done - first.done) * 1000) / (last.at - first.at);
}

/** Whole seconds until `remaining` bytes are done at `rate`: 0 when nothing remains, -1 when unknown (no rate yet). */
export function etaSeconds(remaining: number, rate: number): number {
  if (remaining <= 0) return 0;
  if (!(rate > 0)) return -1;
  return Math.ceil(remaining / rate);
}
