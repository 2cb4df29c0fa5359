// Predicts a cutover's downtime: shutdown, final delta, create target, fixup, power on. The final delta
// ships what the guest wrote since the last sync's snapshot (its dirty rate × that time, the shutdown
// included, × the chunks-per-changed-byte factor the delta syncs measured) at their measured throughput, plus a sync's fixed cost and the re-hash of the
// source the final sync does. Every other step is the median of this site's finished migrations, or a
// documented default when there is none (the step then says "default"). Pure.
import type { DowntimePrediction, PredictedStep } from '../migration';
import { DEFAULTS } from './defaults';
import type { StepHistory } from './history';
import { fitDeltaModel, lastDirtyRate, lastSync, shipFactor, type SyncRecord } from './sync-model';

const GiB = 2 ** 30;

export type { DowntimePrediction, PredictedStep } from '../migration';
export type StepName = PredictedStep['step'];

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A step's duration from the history's samples, or the default. */
export function fromHistory(step: StepName, samples: readonly number[], fallback: number): PredictedStep {
  const m = median(samples);
  return m === undefined ? { step, millis: Math.round(fallback), basis: 'default', samples: 0 } : { step, millis: Math.round(m), basis: 'measured', samples: samples.length };
}

/** A rate (bytes/s) from samples, or the default; with how it was found. */
function rateOf(samples: readonly number[], fallback: number): { rate: number; measured: boolean; samples: number } {
  const m = median(samples);
  return m === undefined || m <= 0 ? { rate: fallback, measured: false, samples: 0 } : { rate: m, measured: true, samples: samples.length };
}

const sum = (steps: readonly PredictedStep[]): number => steps.reduce((total, s) => total + s.millis, 0);

/** The steps every cutover shares after the disks are on the target. */
export function targetSteps(history: StepHistory): PredictedStep[] {
  return [
    fromHistory('create_target', history.createTargetMs, DEFAULTS.createTargetMs),
    fromHistory('fixup', history.fixupMs, DEFAULTS.fixupMs),
    fromHistory('power_on', history.powerOnMs, DEFAULTS.powerOnMs),
  ];
}

export interface PrecopyInput {
  readonly syncs: readonly SyncRecord[];
  /** Bytes of the source's disks (the final sync re-hashes them). */
  readonly diskBytes: number;
  readonly history: StepHistory;
  /** When the cutover happens (now, or its scheduled time). */
  readonly cutoverAt: number;
  /** Between two delta syncs: a cutover later than the next sync starts from a newer snapshot. */
  readonly intervalMs: number;
}

/**
 * The final sync re-hashes the source: at the cost per GiB the site's final syncs measured, else as long as
 * this migration's full sync took beyond a sync's fixed cost to read (and ship) the disk, else at the default cost.
 */
function rehashMillis(input: PrecopyInput, overheadMs: number): { millis: number; measured: boolean } {
  const site = median(input.history.rehashMillisPerGiB);
  if (site !== undefined) return { millis: (input.diskBytes / GiB) * site, measured: true };
  // The full sync read the whole disk too (and shipped it): its time beyond a sync's fixed cost.
  const full = input.syncs.find((s) => s.generation === 1 && !s.final && s.durationMs > 0);
  if (full) return { millis: Math.max(0, full.durationMs - overheadMs), measured: true };
  return { millis: (input.diskBytes / GiB) * DEFAULTS.rehashMillisPerGiB, measured: false };
}

/** The pre-copy cutover's downtime; undefined before a delta sync measured the dirty rate. */
export function predictPrecopy(input: PrecopyInput): DowntimePrediction | undefined {
  const dirty = lastDirtyRate(input.syncs);
  const last = lastSync(input.syncs);
  if (dirty === undefined || !last) return undefined;
  const model = fitDeltaModel(input.syncs);
  const delta = model ?? { overheadMs: DEFAULTS.syncOverheadMs, bytesPerSecond: DEFAULTS.deltaBytesPerSecond, samples: 0 };
  const shutdown = fromHistory('shutdown', input.history.shutdownMs, DEFAULTS.shutdownMs);
  const sinceSnapshot = Math.max(0, input.cutoverAt - last.snapshotAtMillis);
  // Syncs go on until the cutover: a later cutover starts from the last snapshot before it.
  const elapsed = input.intervalMs > 0 && sinceSnapshot > input.intervalMs ? input.intervalMs : sinceSnapshot;
  // CBT counts changed bytes in its blocks; a delta ships the whole chunks they fall in.
  const finalDeltaBytes = Math.round(((dirty * (elapsed + shutdown.millis)) / 60_000) * shipFactor(input.syncs));
  const rehash = rehashMillis(input, delta.overheadMs);
  const finalMs = delta.overheadMs + (finalDeltaBytes * 1000) / delta.bytesPerSecond + rehash.millis;
  const measured = model !== undefined && rehash.measured;
  const steps = [
    shutdown,
    { step: 'final_delta' as const, millis: Math.round(finalMs), basis: measured ? ('measured' as const) : ('default' as const), samples: delta.samples },
    ...targetSteps(input.history),
  ];
  return {
    downtimeMillis: sum(steps), finalDeltaBytes, dirtyBytesPerMinute: dirty, deltaBytesPerSecond: delta.bytesPerSecond, syncOverheadMillis: Math.round(delta.overheadMs),
    steps, lastSnapshotAtMillis: last.snapshotAtMillis, predictedAtMillis: input.cutoverAt,
  };
}

/** Cold: the source is off while every allocated byte copies. */
export function predictCold(allocatedBytes: number, history: StepHistory): { downtimeMillis: number; steps: PredictedStep[] } {
  const rate = rateOf(history.fullCopyBytesPerSecond, DEFAULTS.fullCopyBytesPerSecond);
  const copy: PredictedStep = { step: 'full_copy', millis: Math.round((allocatedBytes * 1000) / rate.rate), basis: rate.measured ? 'measured' : 'default', samples: rate.samples };
  const steps = [fromHistory('shutdown', history.shutdownMs, DEFAULTS.shutdownMs), copy, ...targetSteps(history)];
  return { downtimeMillis: sum(steps), steps };
}

/** Warm: the source is off until the cloud host boots it over the cache (hydration runs while it is up). */
export function predictWarm(history: StepHistory): { downtimeMillis: number; steps: PredictedStep[] } {
  const steps = [fromHistory('shutdown', history.shutdownMs, DEFAULTS.shutdownMs), fromHistory('boot_over_cache', history.bootOverCacheMs, DEFAULTS.bootOverCacheMs)];
  return { downtimeMillis: sum(steps), steps };
}
