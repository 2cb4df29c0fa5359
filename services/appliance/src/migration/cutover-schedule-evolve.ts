// How CutoverScheduled and DowntimePredicted change a pre-copy migration's facts (the phase stays). Pure.
import type { MigrationEvent } from './migration-events';
import type { MigrationState } from './migration-state';

/** How the two events change the pre-copy facts (the phase stays). */
export function evolveCutoverSchedule(state: MigrationState, event: Extract<MigrationEvent, { type: 'CutoverScheduled' | 'DowntimePredicted' }>): MigrationState {
  if (state.phase === 'initial' || !state.facts.precopy) return state;
  const change = event.type === 'CutoverScheduled' ? { cutoverScheduledAt: event.data.atMillis } : { downtimePrediction: event.data.prediction };
  return { ...state, facts: { ...state.facts, precopy: { ...state.facts.precopy, ...change } } } as MigrationState;
}
