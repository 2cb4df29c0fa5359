// ShipBack (migrate back): the chunks in which each cloud disk differs from its prem disk are written
// into the prem disk, through the data plane run backwards (prem initiates both connections). From
// storage, comparing chunk hashes finds them; over the cache, its written-chunk bitmap names them. Progress is recorded like a copy's checkpoints; the outcome names per
// disk the chunks shipped and the digest both sides agreed on.
import { Step, backSourceOf } from '../../migration';
import type { EffectOf } from '../effects';
import { shipBackPortOf } from './back-names';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';

/** Least time between two recorded progress reports of one disk. */
const PROGRESS_EVERY_MS = 2000;

export const shipBackStep = defineStep<EffectOf<'ShipBack'>>({
  step: Step.ShipBack,
  kind: 'ShipBack',
  plan: (state) => {
    const { facts } = state;
    const iqn = facts.cacheVolume?.iqn ?? '';
    return {
      kind: 'ShipBack', migrationId: facts.id,
      from: backSourceOf(facts) === 'cache' ? { kind: 'cache', iqn } : { kind: 'storage', cloudVm: recordedTargetVm(state) },
      disks: facts.disks.map((disk, index) => ({
        diskKey: disk.key, index, capacityBytes: disk.capacityBytes, premDatastorePath: disk.datastorePath, lun: facts.cacheVolume?.luns.find((lun) => lun.diskKey === disk.key)?.lun ?? 0,
        maxBytesPerSecond: facts.maxDiskBytesPerSecond,
      })),
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const port = shipBackPortOf(ports);
    const shipped = [];
    // One disk at a time: from storage each reads its whole cloud disk through one export of the cloud VM.
    for (const disk of effect.disks) {
      let last = 0;
      const result = await port.ship(effect.migrationId, effect.from, disk, async (progress) => {
        if (ctx.now() - last < PROGRESS_EVERY_MS) return;
        last = ctx.now();
        await ctx.send({ type: 'RecordShipBackProgress', data: { meta: meta(`ship-back-${disk.diskKey}-${progress.chunksCompared}-${progress.chunksShipped}`), diskKey: disk.diskKey, ...progress } });
      }, ctx.stopping);
      shipped.push({ diskKey: disk.diskKey, ...result });
    }
    await ctx.send({ type: 'RecordShippedBack', data: { meta: meta('shipped-back'), disks: shipped } });
  },
});
