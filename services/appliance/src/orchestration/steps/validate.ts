// Validate: inspect the source VM (hardware, power state, readiness findings for the migration's mode) and record it.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore } from './placement';
import { defineStep } from './step-definition';

export const validateStep = defineStep<EffectOf<'ValidateSource'>>({
  step: Step.Validate,
  kind: 'ValidateSource',
  plan: ({ facts }) => ({
    kind: 'ValidateSource', migrationId: facts.id, sourceVm: facts.sourceVm, mode: facts.mode,
    targetDatastores: [...new Set(facts.disks.map((disk) => mapDatastore(facts, disk.datastorePath)))],
  }),
  async run(effect, { ports, ctx, meta }) {
    const found = await ports.source.inspect(effect.sourceVm, effect.mode, effect.targetDatastores);
    await ctx.send({
      type: 'RecordValidation',
      data: { meta: meta('validated'), blockers: found.blockers, warnings: found.warnings, unqualified: found.unqualified, hardware: found.hardware, sourcePowerState: found.powerState },
    });
  },
});
