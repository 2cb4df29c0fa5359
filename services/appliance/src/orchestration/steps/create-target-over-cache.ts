// CreateTargetOverCache (warm): the target VM on the cloud vCenter with the source's hardware and
// NICs, no disks of its own, booting over iSCSI from the cache volume's first LUN. A VM an earlier
// attempt made is found by its migration tag and recorded, not made twice.
import { IllegalStateError } from '@ferry/errors';
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore, targetNics } from './placement';
import { defineStep } from './step-definition';
import { warmPortsOf } from './warm-names';

export const createTargetOverCacheStep = defineStep<EffectOf<'CreateTargetOverCache'>>({
  step: Step.CreateTargetOverCache,
  kind: 'CreateTargetOverCache',
  plan: ({ facts }) => {
    const { hardware, cacheVolume } = facts;
    if (!hardware) throw new IllegalStateError(`migration ${facts.id} has no validated source hardware; retry from validation`);
    if (!cacheVolume) throw new IllegalStateError(`migration ${facts.id} has no recorded cache volume; retry from the cache volume step`);
    const bootLun = cacheVolume.luns.find((lun) => lun.diskKey === facts.disks[0]?.key)?.lun ?? 0;
    return {
      kind: 'CreateTargetOverCache',
      migrationId: facts.id,
      name: facts.sourceVm.name,
      hardware,
      nics: targetNics(facts),
      placement: facts.target,
      datastore: mapDatastore(facts, facts.disks[0]?.datastorePath ?? ''),
      boot: { portal: cacheVolume.portal, iqn: cacheVolume.iqn, lun: bootLun, chapUser: cacheVolume.chapUser },
      luns: cacheVolume.luns,
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const existing = await ports.target.findByMigration(effect.migrationId);
    const vm = existing ?? (await warmPortsOf(ports).target.createOverCache(effect));
    await ctx.send({ type: 'RecordTargetCreated', data: { meta: meta('target-created'), targetVm: vm, diskPaths: [] } });
  },
});
