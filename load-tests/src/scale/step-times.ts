// Where a migration's time goes, early and late in the plan: for each event type, the mean time from
// the migration's previous event to it (the step that ends in that event), over the first and the
// last tenth of the migrations to start. A step that grows from the first tenth to the last one
// names the part whose cost grows with the number of VMs already migrated.
import { ferry } from '@ferry/proto';

import mig = ferry.migration.v1;

/** One migration's events as ListMigrationEvents gives them. */
export interface MigrationTimeline {
  readonly startedAtMs: number;
  readonly events: readonly mig.IMigrationEvent[];
}

/** Mean milliseconds before one event type, early and late. */
export interface StepTime {
  readonly event: string;
  readonly firstTenthMs: number;
  readonly lastTenthMs: number;
}

const at = (e: mig.IMigrationEvent): number => Number(e.meta?.at?.unixMillis ?? 0);

function meanGaps(timelines: readonly MigrationTimeline[]): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const { events } of timelines) {
    const sorted = [...events].sort((a, b) => Number(a.sequence ?? 0) - Number(b.sequence ?? 0));
    sorted.forEach((e, i) => {
      if (i === 0) return;
      const sum = sums.get(e.typeName ?? '') ?? { total: 0, n: 0 };
      sum.total += at(e) - at(sorted[i - 1]!);
      sum.n += 1;
      sums.set(e.typeName ?? '', sum);
    });
  }
  return new Map([...sums].map(([type, { total, n }]) => [type, Math.round(total / n)]));
}

/** Per event type in the order of a migration's events, the mean gap before it early and late. */
export function stepTimes(timelines: readonly MigrationTimeline[]): StepTime[] {
  const ordered = [...timelines].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const tenth = Math.max(1, Math.floor(ordered.length / 10));
  const [first, last] = [meanGaps(ordered.slice(0, tenth)), meanGaps(ordered.slice(-tenth))];
  return [...first.keys()].map((event) => ({ event, firstTenthMs: first.get(event) ?? Number.NaN, lastTenthMs: last.get(event) ?? Number.NaN }));
}
