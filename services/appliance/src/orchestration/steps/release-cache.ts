// ReleaseCache (warm): the target runs from its storage disks, so the cache volume is deleted and prem
// stops serving the source disks on demand.
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { defineStep } from './step-definition';
import { warmPortsOf } from './warm-names';

export const releaseCacheStep = defineStep<EffectOf<'ReleaseCache'>>({
  step: Step.ReleaseCache,
  kind: 'ReleaseCache',
  plan: ({ facts }) => ({ kind: 'ReleaseCache', migrationId: facts.id, iqn: facts.cacheVolume?.iqn ?? '', diskKeys: facts.disks.map((disk) => disk.key) }),
  async run(effect, { ports, ctx, meta }) {
    const steps = await warmPortsOf(ports).cache.release(effect.migrationId, effect.iqn, effect.diskKeys);
    await ctx.send({ type: 'RecordCacheReleased', data: { meta: meta('cache-released'), iqn: effect.iqn, steps } });
  },
});
