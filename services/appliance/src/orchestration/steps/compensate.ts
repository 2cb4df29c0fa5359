// After a cancel (not a step of any itinerary): undo what the migration made, target first.
import type { MigrationState } from '../../migration';
import type { EffectOf } from '../effects';
import type { StepEnv } from './step-definition';
import { cacheIqnFor, warmPortsOf } from './warm-names';
import { precopyPortOf, snapshotPrefixFor } from './precopy-names';

/** The compensation a cancelled migration still owes, or undefined once it is done (or for any other state). */
export function compensationEffect(state: MigrationState): EffectOf<'Compensate'> | undefined {
  if (state.phase !== 'cancelled' || state.compensated) return undefined;
  const { compensation, facts } = state;
  return {
    kind: 'Compensate',
    migrationId: facts.id,
    ...(compensation.powerOnSource ? { powerOnSource: facts.sourceVm } : {}),
    removeTarget: compensation.removeTarget,
    ...(compensation.targetVm ? { targetVm: compensation.targetVm } : {}),
    ...(compensation.removeCacheVolume ? { removeCacheVolume: { iqn: cacheIqnFor(facts.id), diskKeys: facts.disks.map((disk) => disk.key) } } : {}),
    ...(facts.precopy
      ? {
          removeSnapshots: {
            sourceVm: facts.sourceVm, prefix: snapshotPrefixFor(facts.id), ...(facts.precopy.running ? { generation: facts.precopy.running.generation } : {}), diskKeys: facts.disks.map((disk) => disk.key),
            switchOffChangeTracking: facts.precopy.cbtWasEnabled === false,
          },
        }
      : {}),
  };
}

export async function runCompensation(effect: EffectOf<'Compensate'>, { ports, ctx, meta }: StepEnv): Promise<void> {
  // The target goes first: its NICs carry the source's MACs, which must not be live twice.
  const steps = effect.removeTarget ? await ports.target.removeByMigration(effect.migrationId) : [];
  // Then the cache volume it booted from (warm), which also ends prem's demand reads of the source.
  if (effect.removeCacheVolume) {
    const { iqn, diskKeys } = effect.removeCacheVolume;
    steps.push(...(await warmPortsOf(ports).cache.release(effect.migrationId, iqn, diskKeys)));
  }
  // Pre-copy: the sync under way stops and every snapshot of the migration goes, before the source runs on alone.
  if (effect.removeSnapshots) {
    const { sourceVm, prefix, generation, diskKeys, switchOffChangeTracking } = effect.removeSnapshots;
    if (generation !== undefined) await Promise.all(diskKeys.map((diskKey) => ports.diskCopy.stop?.(effect.migrationId, diskKey, generation)));
    const precopy = precopyPortOf(ports);
    const removed = await precopy.removeSnapshots(sourceVm, prefix);
    steps.push(...removed.map((name) => `snapshot ${name} of ${sourceVm.moref} removed`));
    if (switchOffChangeTracking) {
      await precopy.disableChangeTracking(sourceVm);
      steps.push(`changed block tracking of ${sourceVm.moref} switched off again (it was off before the migration)`);
    }
  }
  if (effect.powerOnSource) {
    await ports.source.powerOn(effect.powerOnSource);
    steps.push(`source ${effect.powerOnSource.moref} powered on`);
  }
  await ctx.send({ type: 'RecordCompensation', data: { meta: meta('compensated'), steps } });
}
