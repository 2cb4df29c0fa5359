// Which unfinished migrations the runner drives on again after the event store was out of reach (and
// periodically as a safety net). Pure: the runner loads the states and runs the effects.
import { isActive, type MigrationState } from '../migration';
import type { Effect } from './effects';
import { effectForState, type ProcessManagerOptions } from './process-manager';
import { compensationEffect } from './steps/compensate';
import { purgeEffect } from './steps/purge-cloud';

/**
 * The effect that carries `state` on: the current step of an active migration, or the compensation of
 * a cancelled one not yet undone, the purge of a migrated-back one's cloud VM not yet done. None once it is over, or failed (an operator retries it).
 */
export function effectToRedrive(state: MigrationState, options: ProcessManagerOptions = {}): Effect | undefined {
  if (isActive(state)) return effectForState(state, options);
  return compensationEffect(state) ?? purgeEffect(state);
}

/** A migration to drive on: its state (for the log line and the attempt) and the effect to run. */
export interface Redrive {
  readonly state: MigrationState;
  readonly effect: Effect;
}

/**
 * The re-drives for `states`: one per unfinished migration with no effect queued or running (`busy`),
 * so a step still under way (or waiting for its turn) is never started a second time beside itself.
 */
export function planRedrives(states: Iterable<MigrationState>, busy: (migrationId: string) => boolean, options: ProcessManagerOptions = {}): Redrive[] {
  const redrives: Redrive[] = [];
  for (const state of states) {
    const effect = effectToRedrive(state, options);
    if (effect && !busy(effect.migrationId)) redrives.push({ state, effect });
  }
  return redrives;
}
