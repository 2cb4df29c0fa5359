// One pure function per command of a pre-copy migration's own steps (itineraries/precopy.ts).
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { MigrationMode, Step, type EventOf, type SyncedDisk } from './migration-events';
import { isActive, type ActiveState, type MigrationState } from './migration-state';
import { metaOf } from './plan-migration';
import { atPhase, atStep } from './step-guard';

export function recordChangeTrackingEnabled(command: CommandOf<'RecordChangeTrackingEnabled'>, state: MigrationState): EventOf<'ChangeTrackingEnabled'>[] {
  if (!atStep(state, [Step.EnableChangeTracking], 'record change tracking enabled')) return [];
  return [{ type: 'ChangeTrackingEnabled', data: { meta: metaOf(command), wasEnabled: command.data.wasEnabled } }];
}

/** Every disk of the migration, once, in the sync's record. */
function checkDisks(current: ActiveState, disks: readonly SyncedDisk[]): void {
  const keys = disks.map((d) => d.diskKey);
  const missing = current.facts.disks.filter((d) => !keys.includes(d.key)).map((d) => d.key);
  if (missing.length > 0 || keys.length !== current.facts.disks.length) {
    throw new ValidationError('disks', `a sync must name every disk of ${current.facts.sourceVm.moref} once (${current.facts.disks.map((d) => d.key).join(', ')}); got ${keys.join(', ') || 'none'}`);
  }
}

/**
 * A sync's snapshot exists. The full sync (1) comes first; each later one is the next generation. A sync
 * of the generation already running is a re-delivery (nothing new); a higher one replaces a running sync
 * whose snapshot was lost (it is started again from a new snapshot).
 */
export function recordDeltaSyncStarted(command: CommandOf<'RecordDeltaSyncStarted'>, state: MigrationState): EventOf<'DeltaSyncStarted'>[] {
  const d = command.data;
  const current = atStep(state, [Step.PrecopySync], 'record a sync started');
  if (!current) return [];
  const precopy = current.facts.precopy;
  if (!precopy) throw new IllegalStateError(`migration ${current.facts.id} is not a pre-copy migration; it has no syncs`);
  const completed = precopy.last?.generation ?? 0;
  if (d.generation <= completed || (precopy.running && d.generation <= precopy.running.generation)) return [];
  if (d.final !== (current.phase === 'source-powered-off' || current.facts.sourcePowerOff !== undefined)) {
    throw new IllegalStateError(`sync ${d.generation} of migration ${current.facts.id}: the final sync runs once the source is off for the cutover, and only then`);
  }
  checkDisks(current, d.disks);
  if (!d.snapshot) throw new ValidationError('snapshot', 'is empty; record the snapshot the sync reads');
  return [{ type: 'DeltaSyncStarted', data: { meta: metaOf(command), generation: d.generation, final: d.final, snapshot: d.snapshot, disks: d.disks, snapshotAtMillis: d.snapshotAtMillis } }];
}

/** The running sync completed (its snapshot removed): its figures, summed over the disks. */
export function recordDeltaSyncCompleted(command: CommandOf<'RecordDeltaSyncCompleted'>, state: MigrationState): EventOf<'DeltaSyncCompleted'>[] {
  const d = command.data;
  const current = atStep(state, [Step.PrecopySync], 'record a sync completed');
  if (!current) return [];
  const precopy = current.facts.precopy;
  const running = precopy?.running;
  if (!precopy || !running) {
    if ((precopy?.last?.generation ?? 0) >= d.generation) return []; // re-delivered
    throw new IllegalStateError(`no sync of migration ${current.facts.id} is running; record DeltaSyncStarted first`);
  }
  if (running.generation !== d.generation) {
    if (d.generation < running.generation) return [];
    throw new IllegalStateError(`sync ${d.generation} of migration ${current.facts.id} was not started; sync ${running.generation} is running`);
  }
  checkDisks(current, d.disks);
  const sum = (field: 'bytes' | 'chunks' | 'changedBytes' | 'wireBytes'): number => d.disks.reduce((total, disk) => total + disk[field], 0);
  const at = command.data.meta.at;
  const previous = precopy.last;
  const minutes = previous ? (running.snapshotAt - previous.snapshotAt) / 60_000 : 0;
  const changedBytes = sum('changedBytes');
  return [
    {
      type: 'DeltaSyncCompleted',
      data: {
        meta: metaOf(command), generation: d.generation, final: running.final, bytes: sum('bytes'), chunks: sum('chunks'), durationMs: Math.max(0, at - running.snapshotAt),
        dirtyBytesPerMinute: minutes > 0 ? changedBytes / minutes : 0, wireBytes: sum('wireBytes'), disks: d.disks, changedBytes,
      },
    },
  ];
}

/**
 * Cut over (Cutover / `ferry cutover`, or the scheduled cutover time): recorded once; the PrecopySync step
 * turns to the power-off and final sync after the sync under way. Refused for other modes and once the
 * source is off for the cutover or the migration is over.
 */
export function requestCutover(command: CommandOf<'RequestCutover'>, state: MigrationState): EventOf<'CutoverRequested'>[] {
  if (state.phase === 'initial') throw new IllegalStateError(`cannot cut over migration ${command.data.meta.migrationId}: it is not planned`);
  const { facts } = state;
  if (facts.mode !== MigrationMode.Precopy || !facts.precopy) {
    throw new IllegalStateError(`cannot cut over migration ${facts.id}: it is not a pre-copy migration (only MIGRATION_MODE_PRECOPY has a cutover; its own mode runs to the end by itself)`);
  }
  if (facts.precopy.cutoverRequestedAt !== undefined) return [];
  if (!isActive(state)) {
    throw new IllegalStateError(`cannot cut over migration ${facts.id}: it is ${state.phase}${state.phase === 'failed' ? '; retry it first (ferry retry), then cut over' : ''}`);
  }
  // Through the guard: a migration past its syncs (the source already off) refuses with what it is doing.
  if (!atPhase(state, ['planned', 'validated', 'change-tracking-enabled', 'precopy-synced'], 'cut over')) {
    throw new IllegalStateError(`cannot cut over migration ${facts.id}: its cutover is already under way`);
  }
  return [{ type: 'CutoverRequested', data: { meta: metaOf(command), reason: command.data.reason } }];
}
