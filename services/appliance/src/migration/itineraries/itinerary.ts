// A migration mode as data: the ordered phases a migration of that mode passes through and the step
// that runs from each. Phase positions, "already past", the next step and what a cancel must undo are
// derived from it, so a new mode is a new itinerary file, not edits across the aggregate.
import type { MigrationMode, Step } from '../migration-events';

/** Phases in which a migration is working through its steps (the union over every itinerary). */
export type ActivePhase =
  | 'planned'
  | 'validated'
  | 'source-powered-off'
  | 'copying-disks'
  | 'disks-copied'
  | 'target-created'
  | 'fixed-up'
  | 'target-powered-on'
  | 'guest-prepared'
  | 'cache-volume-created'
  | 'booted-over-cache'
  | 'hydrated'
  | 'moved-to-storage'
  | 'cache-released'
  | 'migrating-back'
  | 'cloud-target-powered-off'
  | 'shipped-back'
  | 'prem-guest-restored'
  | 'change-tracking-enabled'
  | 'precopy-synced';

/** One phase of an itinerary and the step that runs from it. */
export interface ItineraryRow {
  readonly phase: ActivePhase;
  readonly step: Step;
}

/** The phases of one migration mode, in order. */
export interface Itinerary {
  readonly mode: MigrationMode;
  readonly name: string;
  readonly rows: readonly ItineraryRow[];
  /** From this phase on, the source may have been powered off by us: a cancel powers it back on. */
  readonly sourceMayBeOffFrom: ActivePhase;
  /** From this phase on, objects may exist on the cloud side: a cancel removes them. */
  readonly cloudObjectsFrom: ActivePhase;
  /** From this phase on, objects may exist on the cloud cache: a cancel deletes the volume. */
  readonly cacheVolumeFrom?: ActivePhase;
  /**
   * From this phase on the workload runs in the cloud: a cancel is refused with this advice (undoing
   * would lose what the guest wrote there).
   */
  readonly noCancelFrom?: { readonly phase: ActivePhase; readonly advice: string };
}

/** The phases from which `step` runs in the itinerary (empty when it never runs). */
export function phasesOf(itinerary: Itinerary, steps: readonly Step[]): ActivePhase[] {
  return itinerary.rows.filter((row) => steps.includes(row.step)).map((row) => row.phase);
}

/** Position of `phase` in the itinerary (0 = first); -1 when the mode never passes through it. */
export function positionIn(itinerary: Itinerary, phase: ActivePhase): number {
  return itinerary.rows.findIndex((row) => row.phase === phase);
}

/** The step that runs from `phase`; undefined when the mode never passes through it. */
export function stepIn(itinerary: Itinerary, phase: ActivePhase): Step | undefined {
  return itinerary.rows.find((row) => row.phase === phase)?.step;
}

/** Whether `reached` is at or past `phase` in the itinerary. */
export function reachedIn(itinerary: Itinerary, reached: ActivePhase, phase: ActivePhase): boolean {
  return positionIn(itinerary, reached) >= positionIn(itinerary, phase);
}
