// The migrations as the operators' dashboards and alerts see them: per migration its phase, mode, and
// when it last recorded anything; plus the downtimes of the completed ones. Pure: fed decoded events.
import { migrationDecider } from '../migration/migration-decider';
import { MigrationMode, type MigrationEvent } from '../migration/migration-events';
import { isActive, type MigrationState } from '../migration/migration-state';

/** One migration as the metrics show it. */
export interface FleetEntry {
  readonly state: MigrationState;
  /** Unix ms of its last event. */
  readonly lastEventAt: number;
}

export class FleetView {
  private readonly migrations = new Map<string, FleetEntry>();
  /** Downtime of each completed migration (source off → target up), in seconds, in completion order. */
  readonly downtimes: number[] = [];

  /** Folds one event of migration `id`, stored at `at` (Unix ms). */
  apply(id: string, event: MigrationEvent, at: number): void {
    const before = this.migrations.get(id)?.state ?? migrationDecider.initialState;
    const state = migrationDecider.evolve(before, event);
    this.migrations.set(id, { state, lastEventAt: at });
    if (event.type === 'MigrationCompleted') this.downtimes.push(event.data.downtimeMillis / 1000);
  }

  /** How many migrations are in each phase, by mode ("cold", "warm"). */
  countsByPhase(): Array<{ phase: string; mode: string; count: number }> {
    const counts = new Map<string, { phase: string; mode: string; count: number }>();
    for (const { state } of this.migrations.values()) {
      if (state.phase === 'initial') continue;
      const mode = modeName(state.facts.mode);
      const key = `${state.phase}/${mode}`;
      const entry = counts.get(key) ?? { phase: state.phase, mode, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    return [...counts.values()];
  }

  /** The migrations still under way, with their phase and last event time. */
  active(): Array<{ id: string; phase: string; lastEventAt: number }> {
    return [...this.migrations.entries()].flatMap(([id, { state, lastEventAt }]) => (isActive(state) ? [{ id, phase: state.phase, lastEventAt }] : []));
  }
}

function modeName(mode: MigrationMode): string {
  return mode === MigrationMode.Warm ? 'warm' : 'cold';
}
