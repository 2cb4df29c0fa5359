// What the site's finished migrations measured, step by step: the samples a prediction is made of.
// Pure: fed decoded migration events (each with its `at`), it reads the time between the events that
// bound each step. Only migrations that completed count, and only those completed before `cutoff`
// (a prediction recorded at a cutover uses what was known then).
import type { MigrationEvent } from '../migration';
import { rehashMillisPerGiB, type SyncRecord } from './sync-model';
import { syncsOf } from './syncs';

/** The step durations (ms), rates (bytes/s) and re-hash costs (ms per GiB) of finished migrations. */
export interface StepHistory {
  readonly shutdownMs: readonly number[];
  readonly createTargetMs: readonly number[];
  readonly fixupMs: readonly number[];
  readonly powerOnMs: readonly number[];
  readonly bootOverCacheMs: readonly number[];
  readonly fullCopyBytesPerSecond: readonly number[];
  /** Milliseconds per GiB of disk the final sync spent beyond its delta (the source re-hash). */
  readonly rehashMillisPerGiB: readonly number[];
}

export const EMPTY_HISTORY: StepHistory = { shutdownMs: [], createTargetMs: [], fixupMs: [], powerOnMs: [], bootOverCacheMs: [], fullCopyBytesPerSecond: [], rehashMillisPerGiB: [] };

type Timed = { readonly type: string; readonly at: number; readonly event: MigrationEvent };

const atOf = (event: MigrationEvent): number => event.data.meta.at;

function between(events: readonly Timed[], from: string, to: string): number | undefined {
  const end = events.findIndex((e) => e.type === to);
  if (end < 0) return undefined;
  const start = events.slice(0, end).reverse().find((e) => e.type === from);
  return start ? events[end]!.at - start.at : undefined;
}

/** Cold: DiskCopyStarted of the first disk until DiskCopyCompleted of the last, over every disk's bytes. */
function fullCopyRate(events: readonly Timed[]): number | undefined {
  const started = events.find((e) => e.type === 'DiskCopyStarted');
  const done = events.filter((e) => e.type === 'DiskCopyCompleted');
  const last = done.at(-1);
  if (!started || !last || last.at <= started.at) return undefined;
  const bytes = done.reduce((sum, e) => sum + (e.event.type === 'DiskCopyCompleted' ? e.event.data.bytesCopied + e.event.data.bytesSkippedZero : 0), 0);
  return bytes > 0 ? (bytes * 1000) / (last.at - started.at) : undefined;
}

const diskBytesOf = (events: readonly MigrationEvent[]): number => {
  const planned = events.find((e) => e.type === 'MigrationPlanned');
  return planned?.type === 'MigrationPlanned' ? planned.data.disks.reduce((sum, d) => sum + d.capacityBytes, 0) : 0;
};

/** Pre-copy: the full sync (generation 1) is a full copy too. */
function fullSyncRate(syncs: readonly SyncRecord[]): number | undefined {
  const full = syncs.find((s) => s.generation === 1 && !s.final && s.durationMs > 0 && s.bytes > 0);
  return full ? (full.bytes * 1000) / full.durationMs : undefined;
}

/** The samples of one completed migration. */
function samplesOf(events: readonly MigrationEvent[]): Partial<Record<keyof StepHistory, number>> {
  const timed = events.map((event) => ({ type: event.type, at: atOf(event), event }));
  // The last attempt's events: a retried step's earlier failure would count the pause before the retry.
  const retried = timed.map((e) => e.type).lastIndexOf('MigrationRetried');
  const run = retried >= 0 ? timed.slice(retried + 1) : timed;
  const firstTarget = run.findIndex((e) => e.type === 'TargetCreated');
  const copiedAt = run.slice(0, firstTarget < 0 ? run.length : firstTarget).filter((e) => e.type === 'DiskCopyCompleted' || e.type === 'DeltaSyncCompleted').at(-1)?.at;
  const targetAt = firstTarget >= 0 ? run[firstTarget]!.at : undefined;
  const syncs = syncsOf(run.map((e) => e.event));
  const shutdownFrom = run.some((e) => e.type === 'CutoverRequested') ? 'CutoverRequested' : 'MigrationValidated';
  const samples: Partial<Record<keyof StepHistory, number>> = {
    shutdownMs: between(run, shutdownFrom, 'SourcePoweredOff'),
    createTargetMs: copiedAt !== undefined && targetAt !== undefined ? targetAt - copiedAt : undefined,
    fixupMs: between(run, 'TargetCreated', 'FixupCompleted'),
    powerOnMs: between(run, 'FixupCompleted', 'TargetPoweredOn'),
    bootOverCacheMs: between(run, 'SourcePoweredOff', 'BootedOverCache'),
    fullCopyBytesPerSecond: fullCopyRate(run) ?? fullSyncRate(syncs),
    rehashMillisPerGiB: rehashMillisPerGiB(syncs, diskBytesOf(events)),
  };
  return Object.fromEntries(Object.entries(samples).filter(([, v]) => v !== undefined && v >= 0));
}

/** The history of every migration that completed before `cutoff` (unix ms; default: all). */
export function stepHistory(migrations: Iterable<readonly MigrationEvent[]>, cutoff = Number.POSITIVE_INFINITY): StepHistory {
  const history: Record<keyof StepHistory, number[]> = { shutdownMs: [], createTargetMs: [], fixupMs: [], powerOnMs: [], bootOverCacheMs: [], fullCopyBytesPerSecond: [], rehashMillisPerGiB: [] };
  for (const events of migrations) {
    const completed = events.find((e) => e.type === 'MigrationCompleted');
    if (!completed || atOf(completed) >= cutoff) continue;
    for (const [key, value] of Object.entries(samplesOf(events)) as Array<[keyof StepHistory, number]>) history[key].push(value);
  }
  return history;
}
