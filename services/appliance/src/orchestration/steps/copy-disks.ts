// CopyDisks: every disk not yet copied, resuming at its last checkpoint, in parallel; each copy's
// start, checkpoints and completion are recorded.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore } from './placement';
import { defineStep } from './step-definition';

export const copyDisksStep = defineStep<EffectOf<'CopyDisks'>>({
  step: Step.CopyDisks,
  kind: 'CopyDisks',
  plan: ({ facts }) => ({
    kind: 'CopyDisks',
    migrationId: facts.id,
    sourceVm: facts.sourceVm,
    disks: facts.disks
      .filter((disk) => facts.copies[disk.key]?.completed !== true)
      .map((disk) => ({
        diskKey: disk.key, datastorePath: disk.datastorePath, capacityBytes: disk.capacityBytes, resumeOffset: facts.copies[disk.key]?.offset ?? 0,
        targetDatastore: mapDatastore(facts, disk.datastorePath), maxBytesPerSecond: facts.maxDiskBytesPerSecond,
      })),
  }),
  async run(effect, { ports, ctx, meta }) {
    // allSettled: every disk's copy has ended before the step reports (a cancel cleans up only then).
    const copies = await Promise.allSettled(
      effect.disks.map(async (disk) => {
        await ctx.send({ type: 'StartDiskCopy', data: { meta: meta(`copy-start-${disk.diskKey}`), diskKey: disk.diskKey, changeId: '' } });
        const result = await ports.diskCopy.copy(effect.migrationId, disk, (offset, bytesCopied) =>
          ctx.send({ type: 'RecordDiskCopyProgress', data: { meta: meta(`copy-at-${disk.diskKey}-${offset}`), diskKey: disk.diskKey, offset, bytesCopied } }),
        );
        await ctx.send({ type: 'CompleteDiskCopy', data: { meta: meta(`copy-done-${disk.diskKey}`), diskKey: disk.diskKey, ...result } });
      }),
    );
    const failed = copies.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) throw failed.reason;
  },
});
