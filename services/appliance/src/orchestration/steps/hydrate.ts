// Hydrate (warm): the background copy of every source disk into its LUN of the cache volume, while
// the target runs over it; chunks the guest fetched or wrote are kept. Progress is recorded like the
// cold copy's (DiskCopyStarted/Checkpointed/Completed), then HydrationCompleted.
import { Step, type DiskCopy } from '../../migration';
import type { EffectOf } from '../effects';
import { waitingRecorder, waitingSinceOf } from './copy-disks';
import { mapDatastore } from './placement';
import { defineStep } from './step-definition';
import { warmPortsOf } from './warm-names';

/**
 * What the background copy itself brought into the cache: the bytes it read at the source (its
 * bytesCopied counts every chunk verified in the volume, the ones the guest fetched on demand too).
 * A copy recorded before source bytes were (generation 0) has only its bytesCopied.
 */
function hydratedBytes(copy: DiskCopy): number {
  return copy.record !== undefined && copy.record.generation > 0 ? copy.record.sourceBytes : copy.bytesCopied;
}

export const hydrateStep = defineStep<EffectOf<'Hydrate'>>({
  step: Step.Hydrate,
  kind: 'Hydrate',
  plan: ({ facts }) => {
    const lunOf = (diskKey: string): number => facts.cacheVolume?.luns.find((lun) => lun.diskKey === diskKey)?.lun ?? 0;
    return {
      kind: 'Hydrate',
      migrationId: facts.id,
      iqn: facts.cacheVolume?.iqn ?? '',
      disks: facts.disks
        .filter((disk) => facts.copies[disk.key]?.completed !== true)
        .map((disk) => ({
          diskKey: disk.key, datastorePath: disk.datastorePath, capacityBytes: disk.capacityBytes, resumeOffset: facts.copies[disk.key]?.offset ?? 0,
          targetDatastore: mapDatastore(facts, disk.datastorePath), maxBytesPerSecond: facts.maxDiskBytesPerSecond, lun: lunOf(disk.key), ...waitingSinceOf(facts, disk.key),
        })),
      bytesHydratedBefore: Object.values(facts.copies).filter((copy) => copy.completed).reduce((sum, copy) => sum + hydratedBytes(copy), 0),
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const hydration = warmPortsOf(ports).hydration;
    const copies = await Promise.allSettled(
      effect.disks.map(async (disk) => {
        await ctx.send({ type: 'StartDiskCopy', data: { meta: meta(`hydrate-start-${disk.diskKey}`), diskKey: disk.diskKey, changeId: '' } });
        const result = await hydration.copy(
          effect.migrationId,
          disk,
          (offset, bytesCopied) => ctx.send({ type: 'RecordDiskCopyProgress', data: { meta: meta(`hydrate-at-${disk.diskKey}-${offset}-${bytesCopied}`), diskKey: disk.diskKey, offset, bytesCopied } }),
          { onWaiting: waitingRecorder(ctx, meta, `hydrate-wait-${disk.diskKey}`, disk.diskKey), ...(ctx.stopping ? { signal: ctx.stopping } : {}) },
        );
        await ctx.send({ type: 'CompleteDiskCopy', data: { meta: meta(`hydrate-done-${disk.diskKey}`), diskKey: disk.diskKey, ...result } });
        return result.sourceBytes;
      }),
    );
    const failed = copies.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) throw failed.reason;
    const bytes = copies.reduce((sum, c) => sum + (c.status === 'fulfilled' ? c.value : 0), effect.bytesHydratedBefore);
    await ctx.send({ type: 'RecordHydration', data: { meta: meta('hydrated'), bytesHydrated: bytes } });
  },
});
