// EnableChangeTracking (pre-copy): switches CBT on for the source VM, so every later sync ships only what changed.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { precopyPortOf } from './precopy-names';
import { defineStep } from './step-definition';

export const enableChangeTrackingStep = defineStep<EffectOf<'EnableChangeTracking'>>({
  step: Step.EnableChangeTracking,
  kind: 'EnableChangeTracking',
  plan: ({ facts }) => ({ kind: 'EnableChangeTracking', migrationId: facts.id, sourceVm: facts.sourceVm }),
  async run(effect, { ports, ctx, meta }) {
    const { wasEnabled } = await precopyPortOf(ports).enableChangeTracking(effect.sourceVm);
    await ctx.send({ type: 'RecordChangeTrackingEnabled', data: { meta: meta('cbt-enabled'), wasEnabled } });
  },
});
