// PrepareGuest (warm): guest-prep readies the running source guest to boot in the cloud (iSCSI
// initiator, initramfs, boot entry) through vSphere Guest Operations and captures its network.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';
import { warmPortsOf } from './warm-names';

export const prepareGuestStep = defineStep<EffectOf<'PrepareGuest'>>({
  step: Step.PrepareGuest,
  kind: 'PrepareGuest',
  // One guest-prep run per attempt: guest-prep answers a finished run id from its history.
  plan: ({ facts }) => ({ kind: 'PrepareGuest', migrationId: facts.id, sourceVm: facts.sourceVm, prepId: `prep-${facts.id}-a${facts.attempt}` }),
  async run(effect, { ports, ctx, meta }) {
    const prepared = await warmPortsOf(ports).guestPrep.prepare(effect);
    await ctx.send({ type: 'RecordGuestPrepared', data: { meta: meta('guest-prepared'), prepId: effect.prepId, ...prepared } });
  },
});
