// PowerOnPremSource (migrate back): the prem VM, whose disks now hold what it wrote in the cloud, runs
// again; MigratedBack records the chunks returned and the downtime of the way back.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';

export const powerOnPremSourceStep = defineStep<EffectOf<'PowerOnPremSource'>>({
  step: Step.PowerOnPremSource,
  kind: 'PowerOnPremSource',
  plan: ({ facts }) => ({ kind: 'PowerOnPremSource', migrationId: facts.id, sourceVm: facts.sourceVm }),
  async run(effect, { ports, ctx, meta }) {
    await ports.source.powerOn(effect.sourceVm);
    await ctx.send({ type: 'RecordMigratedBack', data: { meta: meta('migrated-back') } });
  },
});
