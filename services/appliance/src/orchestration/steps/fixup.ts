// Fixup: guest-prep fixes up the replica's disks (fstab, initramfs, bootloader, NICs) before its first boot.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore, targetNics } from './placement';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';

export const fixupStep = defineStep<EffectOf<'RunFixup'>>({
  step: Step.Fixup,
  kind: 'RunFixup',
  plan: (state) => {
    const { facts } = state;
    return {
      kind: 'RunFixup',
      migrationId: facts.id,
      targetVm: recordedTargetVm(state),
      fixupId: `${facts.id}-fixup-${facts.attempt}`,
      disks: facts.disks.map((disk) => ({ diskKey: disk.key, datastore: mapDatastore(facts, disk.datastorePath) })),
      nics: targetNics(facts),
    };
  },
  async run(effect, { ports, ctx, meta }) {
    await ctx.send({ type: 'RecordFixup', data: { meta: meta('fixed-up'), steps: await ports.fixup.run(effect) } });
  },
});
