// RestorePremGuest (migrate back): before the prem VM runs again, guest-prep makes the prem guest on its
// disks what it was on prem: the network files captured at preparation put back (the cloud stay may
// have changed them), and the preparation undone when the operator asked (--undo-prep). When nothing
// must change, the prem disks are left byte for byte as the way back wrote them.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { premGuestPortOf } from './back-names';
import { capturedNetworkFiles } from './captured-network';
import { defineStep } from './step-definition';

export const restorePremGuestStep = defineStep<EffectOf<'RestorePremGuest'>>({
  step: Step.RestorePremGuest,
  kind: 'RestorePremGuest',
  plan: ({ facts }) => ({
    kind: 'RestorePremGuest', migrationId: facts.id, sourceVm: facts.sourceVm, restoreId: `restore-${facts.id}-a${facts.attempt}`,
    premDisks: facts.disks.map((disk) => facts.back?.shipped?.find((shipped) => shipped.diskKey === disk.key)?.premPath ?? ''),
    networkFiles: capturedNetworkFiles(facts.guestPrep?.networkJson),
    undoPrep: facts.back?.undoPrep === true,
  }),
  async run(effect, { ports, ctx, meta }) {
    const steps = await premGuestPortOf(ports).restore(effect);
    await ctx.send({ type: 'RecordPremGuestRestored', data: { meta: meta('prem-guest-restored'), restoreId: effect.restoreId, steps } });
  },
});
