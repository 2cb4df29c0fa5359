// Complete: the migration is over; MigrationCompleted records its duration and downtime.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';

export const completeStep = defineStep<EffectOf<'CompleteMigration'>>({
  step: Step.Complete,
  kind: 'CompleteMigration',
  plan: ({ facts }) => ({ kind: 'CompleteMigration', migrationId: facts.id }),
  async run(_effect, { ctx, meta }) {
    await ctx.send({ type: 'Complete', data: { meta: meta('completed') } });
  },
});
