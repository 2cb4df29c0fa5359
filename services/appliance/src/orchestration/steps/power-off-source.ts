// PowerOffSource: guest shutdown of the source VM, hard power-off after the timeout; records how.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

export const powerOffSourceStep = defineStep<EffectOf<'PowerOffSource'>>({
  step: Step.PowerOffSource,
  kind: 'PowerOffSource',
  plan: ({ facts }, options) => ({ kind: 'PowerOffSource', migrationId: facts.id, sourceVm: facts.sourceVm, guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS }),
  async run(effect, { ports, ctx, meta }) {
    const { method } = await ports.source.powerOff(effect.sourceVm, effect.guestShutdownTimeoutMs);
    await ctx.send({ type: 'RecordSourcePoweredOff', data: { meta: meta('source-off'), method, wasPoweredOn: method !== 'already' } });
  },
});
