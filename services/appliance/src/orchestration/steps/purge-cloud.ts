// After a migrate back (not a step of any itinerary): on the operator's request, the cloud VM kept
// powered off and its disks are removed from the cloud vCenter; CloudPurged lists what went.
import type { MigrationState } from '../../migration';
import type { EffectOf } from '../effects';
import type { StepEnv } from './step-definition';
import { warmPortsOf } from './warm-names';

/** The purge a migrated-back migration still owes, or undefined (none asked, or done). */
export function purgeEffect(state: MigrationState): EffectOf<'PurgeCloud'> | undefined {
  if (state.phase !== 'migrated-back' || !state.purge || state.purge.done) return undefined;
  return { kind: 'PurgeCloud', migrationId: state.facts.id, storageDisks: (state.facts.movedDisks ?? []).map((disk) => disk.datastorePath) };
}

export async function runPurge(effect: EffectOf<'PurgeCloud'>, { ports, ctx, meta }: StepEnv): Promise<void> {
  const steps = await warmPortsOf(ports).target.purge(effect.migrationId, effect.storageDisks);
  await ctx.send({ type: 'RecordCloudPurged', data: { meta: meta('cloud-purged'), steps } });
}
