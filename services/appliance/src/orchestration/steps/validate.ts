// Validate: inspect the source VM (hardware, power state, readiness findings) and record it.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';

export const validateStep = defineStep<EffectOf<'ValidateSource'>>({
  step: Step.Validate,
  kind: 'ValidateSource',
  plan: ({ facts }) => ({ kind: 'ValidateSource', migrationId: facts.id, sourceVm: facts.sourceVm }),
  async run(effect, { ports, ctx, meta }) {
    const found = await ports.source.inspect(effect.sourceVm);
    await ctx.send({
      type: 'RecordValidation',
      data: { meta: meta('validated'), blockers: found.blockers, warnings: found.warnings, hardware: found.hardware, sourcePowerState: found.powerState },
    });
  },
});
