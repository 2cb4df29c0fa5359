// ShipBack (migrate back): each cloud disk is compared chunk by chunk (hashes) with its prem disk and
// the chunks that differ are written into the prem disk, through the data plane run backwards (prem
// initiates both connections). Progress is recorded like a copy's checkpoints; the outcome names per
// disk the chunks shipped and the digest both sides agreed on.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { shipBackPortOf } from './back-names';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';

/** Least time between two recorded progress reports of one disk. */
const PROGRESS_EVERY_MS = 2000;

export const shipBackStep = defineStep<EffectOf<'ShipBack'>>({
  step: Step.ShipBack,
  kind: 'ShipBack',
  plan: (state) => ({
    kind: 'ShipBack', migrationId: state.facts.id, targetVm: recordedTargetVm(state),
    disks: state.facts.disks.map((disk, index) => ({ diskKey: disk.key, index, capacityBytes: disk.capacityBytes, premDatastorePath: disk.datastorePath })),
  }),
  async run(effect, { ports, ctx, meta }) {
    const port = shipBackPortOf(ports);
    const shipped = [];
    // One disk at a time: each reads its whole cloud disk through one export of the cloud VM.
    for (const disk of effect.disks) {
      let last = 0;
      const result = await port.ship(effect.migrationId, effect.targetVm, disk, async (progress) => {
        if (ctx.now() - last < PROGRESS_EVERY_MS) return;
        last = ctx.now();
        await ctx.send({ type: 'RecordShipBackProgress', data: { meta: meta(`ship-back-${disk.diskKey}-${progress.chunksCompared}-${progress.chunksShipped}`), diskKey: disk.diskKey, ...progress } });
      });
      shipped.push({ diskKey: disk.diskKey, ...result });
    }
    await ctx.send({ type: 'RecordShippedBack', data: { meta: meta('shipped-back'), disks: shipped } });
  },
});
