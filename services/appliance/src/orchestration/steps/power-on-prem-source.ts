// PowerOnPremSource (migrate back): the prem VM, whose disks now hold what it wrote in the cloud, runs
// again; MigratedBack records the chunks returned and the downtime of the way back. Coming from the
// cache, the cache volume is released first (the cloud VM over it is kept, powered off, without disks).
import { Step, backSourceOf } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';
import { warmPortsOf } from './warm-names';

export const powerOnPremSourceStep = defineStep<EffectOf<'PowerOnPremSource'>>({
  step: Step.PowerOnPremSource,
  kind: 'PowerOnPremSource',
  plan: ({ facts }) => ({
    kind: 'PowerOnPremSource', migrationId: facts.id, sourceVm: facts.sourceVm,
    ...(backSourceOf(facts) === 'cache' && facts.cacheVolume ? { releaseCache: { iqn: facts.cacheVolume.iqn, diskKeys: facts.disks.map((disk) => disk.key) } } : {}),
  }),
  async run(effect, { ports, ctx, meta }) {
    // From the cache: prem must stop serving the disks to it before the prem VM changes them.
    const steps = effect.releaseCache ? await warmPortsOf(ports).cache.release(effect.migrationId, effect.releaseCache.iqn, effect.releaseCache.diskKeys) : [];
    await ports.source.powerOn(effect.sourceVm);
    steps.push(`prem VM ${effect.sourceVm.moref} powered on`);
    await ctx.send({ type: 'RecordMigratedBack', data: { meta: meta('migrated-back'), steps } });
  },
});
