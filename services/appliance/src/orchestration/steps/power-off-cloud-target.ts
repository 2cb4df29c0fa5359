// PowerOffCloudTarget (migrate back): guest shutdown of the cloud VM, hard power-off after the timeout,
// so its disks are final before anything is compared. The VM and its disks are kept.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';
import { warmPortsOf } from './warm-names';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

export const powerOffCloudTargetStep = defineStep<EffectOf<'PowerOffCloudTarget'>>({
  step: Step.PowerOffCloudTarget,
  kind: 'PowerOffCloudTarget',
  plan: (state, options) => ({
    kind: 'PowerOffCloudTarget', migrationId: state.facts.id, targetVm: recordedTargetVm(state), guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS,
  }),
  async run(effect, { ports, ctx, meta }) {
    const { method } = await warmPortsOf(ports).target.powerOff(effect.targetVm, effect.guestShutdownTimeoutMs);
    await ctx.send({ type: 'RecordCloudTargetPoweredOff', data: { meta: meta('cloud-target-off'), method } });
  },
});
