// CopyDisks: every disk not yet copied, resuming at its last checkpoint, in parallel; each copy's
// start, checkpoints, waits (e.g. for room on its datastore) and completion are recorded.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore } from './placement';
import { defineStep, type StepEnv } from './step-definition';

/** The start of this attempt's wait of a disk's copy, if it waits (a resumed run keeps counting from there). */
export function waitingSinceOf(facts: { attempt: number; copies: Readonly<Record<string, { startedInAttempt: number; waiting?: { since: number } }>> }, diskKey: string): { waitingSince?: number } {
  const copy = facts.copies[diskKey];
  return copy?.waiting !== undefined && copy.startedInAttempt === facts.attempt ? { waitingSince: copy.waiting.since } : {};
}

/**
 * Records a copy's waits (RecordDiskCopyWaiting). A wait may end and come back with the same reason, so
 * each record's command id carries its time; the decider records nothing for the reason already recorded.
 */
export function waitingRecorder(ctx: StepEnv['ctx'], meta: StepEnv['meta'], outcome: string, diskKey: string): (reason: string) => Promise<void> {
  return (reason) => ctx.send({ type: 'RecordDiskCopyWaiting', data: { meta: meta(`${outcome}-${ctx.now()}`), diskKey, reason } });
}

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
        targetDatastore: mapDatastore(facts, disk.datastorePath), maxBytesPerSecond: facts.maxDiskBytesPerSecond, ...waitingSinceOf(facts, disk.key),
      })),
  }),
  async run(effect, { ports, ctx, meta }) {
    // allSettled: every disk's copy has ended before the step reports (a cancel cleans up only then).
    const copies = await Promise.allSettled(
      effect.disks.map(async (disk) => {
        await ctx.send({ type: 'StartDiskCopy', data: { meta: meta(`copy-start-${disk.diskKey}`), diskKey: disk.diskKey, changeId: '' } });
        const result = await ports.diskCopy.copy(
          effect.migrationId,
          disk,
          (offset, bytesCopied) => ctx.send({ type: 'RecordDiskCopyProgress', data: { meta: meta(`copy-at-${disk.diskKey}-${offset}-${bytesCopied}`), diskKey: disk.diskKey, offset, bytesCopied } }),
          { onWaiting: waitingRecorder(ctx, meta, `copy-wait-${disk.diskKey}`, disk.diskKey), ...(ctx.stopping ? { signal: ctx.stopping } : {}) },
        );
        await ctx.send({ type: 'CompleteDiskCopy', data: { meta: meta(`copy-done-${disk.diskKey}`), diskKey: disk.diskKey, ...result } });
      }),
    );
    const failed = copies.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) throw failed.reason;
  },
});
