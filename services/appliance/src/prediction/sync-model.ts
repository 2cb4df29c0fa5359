// A pre-copy migration's syncs as the prediction reads them, and what they measured: the delta syncs'
// throughput and fixed cost (a least-squares line, duration = overhead + bytes / rate), and the dirty rate.

const GiB = 2 ** 30;

/** One completed sync (DeltaSyncCompleted with its DeltaSyncStarted's snapshot time). */
export interface SyncRecord {
  readonly generation: number;
  readonly final: boolean;
  readonly bytes: number;
  readonly durationMs: number;
  readonly dirtyBytesPerMinute: number;
  /** Bytes CBT reported changed (finer than the chunks that ship them). */
  readonly changedBytes: number;
  readonly snapshotAtMillis: number;
  readonly completedAt: number;
}

/** How long a delta sync of n bytes takes: overheadMs + n / bytesPerSecond seconds. */
export interface DeltaModel {
  readonly overheadMs: number;
  readonly bytesPerSecond: number;
  /** Delta syncs it was fitted to; 0: none, a fallback. */
  readonly samples: number;
}

/** The line duration = a + bytes × slope through two points; undefined when it makes no sense. */
function line(p: { bytes: number; ms: number }, q: { bytes: number; ms: number }, samples: number): DeltaModel | undefined {
  if (q.bytes <= p.bytes) return undefined;
  const slope = (q.ms - p.ms) / (q.bytes - p.bytes); // ms per byte
  const overheadMs = p.ms - slope * p.bytes;
  return slope > 0 && overheadMs >= 0 ? { overheadMs, bytesPerSecond: 1000 / slope, samples } : undefined;
}

/**
 * Sizes closer than this factor cannot tell the throughput from the timing noise: a steady writer's 9 and
 * 10 MiB deltas, 150 ms apart by chance, would make a 15 MiB/s line with half the fixed cost.
 */
const LEAST_SQUARES_SIZE_SPREAD = 2;

/** Least squares over syncs of sizes far enough apart; undefined when they are not or the line makes no sense. */
function leastSquares(deltas: readonly SyncRecord[]): DeltaModel | undefined {
  const n = deltas.length;
  const sizes = deltas.map((s) => s.bytes);
  if (n < 2 || Math.max(...sizes) < LEAST_SQUARES_SIZE_SPREAD * Math.min(...sizes)) return undefined;
  const mx = deltas.reduce((sum, s) => sum + s.bytes, 0) / n;
  const my = deltas.reduce((sum, s) => sum + s.durationMs, 0) / n;
  const sxx = deltas.reduce((sum, s) => sum + (s.bytes - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  const slope = deltas.reduce((sum, s) => sum + (s.bytes - mx) * (s.durationMs - my), 0) / sxx; // ms per byte
  const overheadMs = my - slope * mx;
  return slope > 0 && overheadMs >= 0 ? { overheadMs, bytesPerSecond: 1000 / slope, samples: n } : undefined;
}

/**
 * Fits duration = overhead + bytes / rate over the delta syncs (generation ≥ 2, not final). Deltas of
 * about one size (a steady writer) cannot tell the fixed cost (snapshot, digests) from the throughput: then the
 * line goes through their mean and the full sync (generation 1). Without either, or when no line makes
 * sense (a negative cost or rate), the rate is the fastest delta's and the cost the median time each took
 * beyond it. Undefined without a delta sync that shipped bytes.
 */
export function fitDeltaModel(syncs: readonly SyncRecord[]): DeltaModel | undefined {
  const deltas = syncs.filter((s) => s.generation >= 2 && !s.final && s.durationMs > 0);
  const bytes = deltas.reduce((sum, s) => sum + s.bytes, 0);
  if (deltas.length === 0 || bytes <= 0) return undefined;
  const fitted = leastSquares(deltas);
  if (fitted) return fitted;
  const full = syncs.find((s) => s.generation === 1 && !s.final && s.durationMs > 0);
  const mean = { bytes: bytes / deltas.length, ms: deltas.reduce((sum, s) => sum + s.durationMs, 0) / deltas.length };
  const throughFull = full ? line(mean, { bytes: full.bytes, ms: full.durationMs }, deltas.length) : undefined;
  if (throughFull) return throughFull;
  const fastest = Math.max(...deltas.map((s) => (s.bytes * 1000) / s.durationMs));
  const beyond = deltas.map((s) => Math.max(0, s.durationMs - (s.bytes * 1000) / fastest)).sort((x, y) => x - y);
  return { overheadMs: beyond[Math.floor((beyond.length - 1) / 2)] ?? 0, bytesPerSecond: fastest, samples: deltas.length };
}

/** The dirty rate the last delta sync measured (bytes changed per minute between two snapshots); undefined before one. */
export function lastDirtyRate(syncs: readonly SyncRecord[]): number | undefined {
  return syncs.filter((s) => s.generation >= 2 && !s.final).at(-1)?.dirtyBytesPerMinute;
}

/**
 * Bytes that ship per byte CBT reports changed: a delta ships whole chunks (1 MiB) for changes CBT
 * counts in its own blocks. 1 before a delta sync measured it.
 */
export function shipFactor(syncs: readonly SyncRecord[]): number {
  const deltas = syncs.filter((s) => s.generation >= 2 && !s.final && s.changedBytes > 0);
  const changed = deltas.reduce((sum, s) => sum + s.changedBytes, 0);
  return changed > 0 ? deltas.reduce((sum, s) => sum + s.bytes, 0) / changed : 1;
}

/** The last sync the source ran through: the final delta ships what changed since its snapshot. */
export function lastSync(syncs: readonly SyncRecord[]): SyncRecord | undefined {
  return syncs.filter((s) => !s.final).at(-1);
}

/**
 * What the final sync's re-hash of the source cost per GiB of disk: the time it took beyond its delta (as
 * the delta syncs predict that part; without a delta that shipped bytes, beyond what an idle delta took).
 * 0 when it took no longer than its delta: the re-hash was within the timing noise, which is a measurement
 * too (a rate would have no value for it). Undefined without a final sync.
 */
export function rehashMillisPerGiB(syncs: readonly SyncRecord[], diskBytes: number): number | undefined {
  const final = syncs.find((s) => s.final);
  const model = fitDeltaModel(syncs);
  if (!final || diskBytes <= 0) return undefined;
  // Without a delta that shipped bytes, a delta that shipped none took just a sync's fixed cost.
  const idle = syncs.filter((s) => s.generation >= 2 && !s.final && s.bytes === 0).map((s) => s.durationMs).sort((x, y) => x - y);
  const overhead = model?.overheadMs ?? idle[Math.floor((idle.length - 1) / 2)] ?? 0;
  const beyond = final.durationMs - overhead - (model ? (final.bytes * 1000) / model.bytesPerSecond : 0);
  return (Math.max(0, beyond) * GiB) / diskBytes;
}
