// CreateTarget: the replica VM on the cloud vCenter with the source's hardware, NICs on the mapped
// networks and disks on the mapped datastores; a VM an earlier attempt made is recorded, not made twice.
import { IllegalStateError } from '@ferry/errors';
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore, targetNics } from './placement';
import { defineStep } from './step-definition';

export const createTargetStep = defineStep<EffectOf<'CreateTargetVm'>>({
  step: Step.CreateTarget,
  kind: 'CreateTargetVm',
  plan: ({ facts }) => {
    const hardware = facts.hardware;
    if (!hardware) throw new IllegalStateError(`migration ${facts.id} has no validated source hardware; retry from validation`);
    return {
      kind: 'CreateTargetVm',
      migrationId: facts.id,
      name: facts.sourceVm.name,
      hardware,
      nics: targetNics(facts),
      disks: facts.disks.map((disk) => ({ diskKey: disk.key, capacityBytes: disk.capacityBytes, datastore: mapDatastore(facts, disk.datastorePath) })),
      placement: facts.target,
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const existing = await ports.target.findByMigration(effect.migrationId);
    const created = existing ? { vm: existing, diskPaths: [] } : await ports.target.create(effect);
    await ctx.send({ type: 'RecordTargetCreated', data: { meta: meta('target-created'), targetVm: created.vm, diskPaths: created.diskPaths } });
  },
});
