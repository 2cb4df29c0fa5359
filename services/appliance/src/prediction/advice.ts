// Which mode a VM should rather take, from its predicted downtimes, with the reason in numbers. Pure.
import type { DowntimePrediction } from '../migration';

export type Mode = 'precopy' | 'cold' | 'warm';

export interface Advice {
  readonly advice: Mode;
  readonly reason: string;
}

/** Pre-copy saves too little to be worth its snapshots below this share of cold's downtime. */
const COLD_IS_AS_GOOD = 0.8;

const MiB = 2 ** 20;

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

const perMinute = (bytesPerMinute: number): string => `${(bytesPerMinute / MiB).toFixed(1)} MiB/min`;

export interface AdviceInput {
  readonly precopy?: DowntimePrediction;
  readonly coldMillis: number;
  readonly warmMillis: number;
}

export function advise({ precopy, coldMillis, warmMillis }: AdviceInput): Advice {
  if (!precopy) {
    return coldMillis <= warmMillis * 2
      ? { advice: 'cold', reason: `cold is down about ${duration(coldMillis)}: its disks copy quickly, no pre-copy needed` }
      : { advice: 'precopy', reason: `cold would be down about ${duration(coldMillis)} while the disks copy; pre-copy copies them while the VM runs (no delta sync yet: advise again after one to see its dirty rate)` };
  }
  const shipped = precopy.deltaBytesPerSecond * 60;
  if (precopy.dirtyBytesPerMinute >= shipped) {
    return { advice: 'warm', reason: `the guest writes ${perMinute(precopy.dirtyBytesPerMinute)}, as fast as delta syncs ship (${perMinute(shipped)}): its deltas never shrink; warm boots over the cache without a final delta (about ${duration(warmMillis)} down)` };
  }
  const finalDelta = precopy.steps.find((s) => s.step === 'final_delta')?.millis ?? 0;
  if (finalDelta * 2 > precopy.downtimeMillis && warmMillis * 2 < precopy.downtimeMillis) {
    return { advice: 'warm', reason: `high dirty rate (${perMinute(precopy.dirtyBytesPerMinute)}): the final delta (${duration(finalDelta)}) is most of pre-copy's ${duration(precopy.downtimeMillis)} down; warm over the cache is down about ${duration(warmMillis)}` };
  }
  if (precopy.downtimeMillis >= coldMillis * COLD_IS_AS_GOOD) {
    return { advice: 'cold', reason: `pre-copy saves little: down about ${duration(precopy.downtimeMillis)} against ${duration(coldMillis)} cold, without snapshots on the source` };
  }
  return { advice: 'precopy', reason: `down about ${duration(precopy.downtimeMillis)} instead of ${duration(coldMillis)} cold; the final delta is ${(precopy.finalDeltaBytes / MiB).toFixed(1)} MiB at ${perMinute(precopy.dirtyBytesPerMinute)}` };
}
