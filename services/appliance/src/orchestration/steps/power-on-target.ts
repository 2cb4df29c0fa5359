// PowerOnTarget: the replica's first boot on the cloud vCenter.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';

export const powerOnTargetStep = defineStep<EffectOf<'PowerOnTarget'>>({
  step: Step.PowerOnTarget,
  kind: 'PowerOnTarget',
  plan: (state) => ({ kind: 'PowerOnTarget', migrationId: state.facts.id, targetVm: recordedTargetVm(state) }),
  async run(effect, { ports, ctx, meta }) {
    await ports.target.powerOn(effect.targetVm);
    await ctx.send({ type: 'RecordTargetPoweredOn', data: { meta: meta('target-on') } });
  },
});
