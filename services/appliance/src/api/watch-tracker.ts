// What a watcher of one migration is told: the state folded from its events, and per-disk progress
// with a rate over a sliding window and an ETA. Pure: event times come from the events.
//
// Progress comes from DiskCopyStarted (the resume offset), DiskCopyCheckpointed (offset) and
// DiskCopyCompleted (the whole disk); DiskCopyWaiting sends the disk's progress with why it waits. How fine it is depends on how often the disk-copy adapter
// records checkpoints: today's Shipper adapter records one only when a disk is done, so a watcher sees
// "started" and "done" and the rate is the disk's average; finer checkpoints need no change here.
import { ferry } from '@ferry/proto';
import { evolve, initialState, type MigrationEvent, type MigrationState } from '../migration';
import { copyRecordView, migrationView, waitingReasonOf } from './views';
import { addSample, etaSeconds, rateOf, type ProgressSample } from './watch-rate';

import api = ferry.api.v1;

/** A migration past planning. */
type Known = Exclude<MigrationState, { phase: 'initial' }>;

/** Phases after which nothing more happens unless someone retries: the watch ends there. */
export const FINAL_PHASES: ReadonlySet<MigrationState['phase']> = new Set(['completed', 'failed', 'cancelled', 'migrated-back']);

/** Events that change what a watcher sees without a phase change: a snapshot follows each. */
const SNAPSHOT_EVENTS: ReadonlySet<MigrationEvent['type']> = new Set(['ShipBackProgressed', 'DeltaSyncStarted', 'DeltaSyncCompleted', 'CutoverRequested']);

/** An event as the tracker needs it: decoded, with the stream sequence of its decision. */
export interface TrackedEvent {
  readonly event: MigrationEvent;
  readonly sequence: number;
}

export class MigrationTracker {
  private state: MigrationState = initialState;
  private version = 0;
  private updatedAt = 0;
  private readonly samples = new Map<string, ProgressSample[]>();

  /** Folds history without producing updates (the watch's first message is the snapshot). */
  /** `onDemandBytesOf`: cloud-cache's live figure for a warm migration's volume (see migrationView). */
  constructor(history: readonly TrackedEvent[] = [], private readonly onDemandBytesOf?: (iqn: string) => number | undefined) {
    for (const e of history) this.apply(e);
  }

  get phase(): MigrationState['phase'] {
    return this.state.phase;
  }

  get finished(): boolean {
    return FINAL_PHASES.has(this.state.phase);
  }

  /** Folds one event and returns what a watcher should be sent because of it, in order. */
  apply({ event, sequence }: TrackedEvent): api.IMigrationUpdate[] {
    const before = this.state.phase;
    this.state = evolve(this.state, event);
    this.version = Math.max(this.version, sequence);
    this.updatedAt = event.data.meta.at;
    const disk = this.sample(event);
    const at = { unixMillis: event.data.meta.at };
    const updates: api.IMigrationUpdate[] = [];
    if (disk !== undefined) {
      const progress = this.progressOf(disk);
      if (progress) updates.push({ progress, at });
    }
    // The way back reports its progress in the snapshot's BackStatus (chunks compared and shipped), pre-copy its syncs in PrecopyStatus.
    if (this.state.phase !== before || SNAPSHOT_EVENTS.has(event.type)) updates.push({ snapshot: this.snapshot(), at });
    return updates;
  }

  /** The migration as GetMigration shows it, with each disk's rate and ETA. */
  snapshot(): api.IMigration {
    const state = this.known();
    return { ...migrationView(state, this.version, this.updatedAt, this.onDemandBytesOf), disks: state.facts.disks.map((d) => this.progressOf(d.key)).filter((p) => p !== undefined) };
  }

  private known(): Known {
    if (this.state.phase === 'initial') throw new Error('the migration has no MigrationPlanned event yet; a snapshot needs one');
    return this.state;
  }

  /** Records a progress sample for the disk the event is about; returns its key, or undefined for other events. */
  private sample(event: MigrationEvent): string | undefined {
    const at = event.data.meta.at;
    switch (event.type) {
      case 'DiskCopyStarted':
        this.samples.set(event.data.diskKey, [{ at, done: event.data.resumeOffset }]);
        return event.data.diskKey;
      case 'DiskCopyCheckpointed':
        return this.push(event.data.diskKey, { at, done: event.data.offset });
      case 'DiskCopyWaiting': {
        // No progress since the last sample: the rate falls (and the ETA grows) as the wait goes on.
        const copy = this.state.phase === 'initial' ? undefined : this.state.facts.copies[event.data.diskKey];
        return copy ? this.push(event.data.diskKey, { at, done: copy.offset }) : event.data.diskKey;
      }
      case 'DiskCopyCompleted': {
        const disk = this.state.phase === 'initial' ? undefined : this.state.facts.copies[event.data.diskKey];
        return this.push(event.data.diskKey, { at, done: disk?.capacityBytes ?? 0 });
      }
      default:
        return undefined;
    }
  }

  private push(diskKey: string, sample: ProgressSample): string {
    this.samples.set(diskKey, addSample(this.samples.get(diskKey) ?? [], sample));
    return diskKey;
  }

  private progressOf(diskKey: string): ferry.migration.v1.IDiskProgress | undefined {
    if (this.state.phase === 'initial') return undefined;
    const disk = this.state.facts.disks.find((d) => d.key === diskKey);
    if (!disk) return undefined;
    const copy = this.state.facts.copies[diskKey];
    const done = copy?.completed ? disk.capacityBytes : (copy?.offset ?? 0);
    const samples = this.samples.get(diskKey) ?? [];
    const rate = rateOf(samples);
    return {
      diskKey,
      capacityBytes: disk.capacityBytes,
      // Bytes of the disk done (its offset), not wire bytes: what "how far along" means to an operator.
      bytesCopied: done,
      rateBytesPerSecond: rate,
      // A copy that has not started has no rate yet either: unknown, not zero.
      etaSeconds: copy ? etaSeconds(disk.capacityBytes - done, rate) : -1,
      waitingReason: waitingReasonOf(this.state, diskKey),
      ...copyRecordView(copy?.record),
    };
  }
}
