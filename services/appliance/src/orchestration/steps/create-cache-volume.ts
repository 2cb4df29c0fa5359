// CreateCacheVolume (warm): prem exposes each source disk for demand reads and cloud-cache serves
// them as the LUNs of one iSCSI volume, CHAP-protected with a secret of this migration; the boot disk
// records, or prefetches, the boot profile of its guest OS and image (boot-profile-key.ts).
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { bootProfileKeyOf } from './boot-profile-key';
import { defineStep } from './step-definition';
import { cacheIqnFor, chapUserFor, warmPortsOf } from './warm-names';

export const createCacheVolumeStep = defineStep<EffectOf<'CreateCacheVolume'>>({
  step: Step.CreateCacheVolume,
  kind: 'CreateCacheVolume',
  plan: ({ facts }) => ({
    kind: 'CreateCacheVolume',
    migrationId: facts.id,
    iqn: cacheIqnFor(facts.id),
    chapUser: chapUserFor(facts.id),
    disks: facts.disks.map((disk, lun) => ({ diskKey: disk.key, datastorePath: disk.datastorePath, capacityBytes: disk.capacityBytes, lun })),
    bootProfileKey: bootProfileKeyOf(facts.guestPrep?.guestOs, facts.disks[0]?.capacityBytes),
  }),
  async run(effect, { ports, ctx, meta }) {
    const { portal, luns } = await warmPortsOf(ports).cache.create(effect);
    await ctx.send({ type: 'RecordCacheVolume', data: { meta: meta('cache-volume'), iqn: effect.iqn, portal, chapUser: effect.chapUser, luns } });
  },
});
