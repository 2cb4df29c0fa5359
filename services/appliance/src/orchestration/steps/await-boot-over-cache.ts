// AwaitBootOverCache (warm): the target is up for the user once the cloud host has logged in to the
// cache volume to boot it; a host that never does fails the step with what to check.
import { UnavailableError } from '@ferry/errors';
import { pause } from '@ferry/service-kit';
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { RUNNER_STOPPING } from '../ports';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';
import { warmPortsOf } from './warm-names';

export const awaitBootOverCacheStep = defineStep<EffectOf<'AwaitBootOverCache'>>({
  step: Step.AwaitBootOverCache,
  kind: 'AwaitBootOverCache',
  plan: (state) => ({
    kind: 'AwaitBootOverCache',
    migrationId: state.facts.id,
    targetVm: recordedTargetVm(state),
    iqn: state.facts.cacheVolume?.iqn ?? '',
    portal: state.facts.cacheVolume?.portal ?? '',
  }),
  async run(effect, { ports, ctx, meta }) {
    const warm = warmPortsOf(ports);
    const deadline = ctx.now() + warm.bootTimeoutMs;
    for (;;) {
      // The appliance is shutting down: stop waiting; the next start resumes the wait (the deadline restarts with it).
      if (ctx.stopping?.aborted === true) {
        throw new UnavailableError(`stopped waiting for a cloud host to boot target VM ${effect.targetVm.moref} over cache volume ${effect.iqn}: ${RUNNER_STOPPING}; the migration resumes when a runner starts again`);
      }
      const initiators = await warm.cache.initiators(effect.iqn);
      if (initiators.length > 0) {
        await ctx.send({ type: 'RecordBootedOverCache', data: { meta: meta('booted-over-cache'), iqn: effect.iqn, initiators } });
        return;
      }
      if (ctx.now() > deadline) {
        throw new UnavailableError(
          `target VM ${effect.targetVm.moref} (${effect.targetVm.name}) is powered on, but no cloud host logged in to cache volume ${effect.iqn} within ${Math.round(warm.bootTimeoutMs / 1000)} s; check that the cloud host's iSCSI adapter reaches ${effect.portal} with the migration's CHAP user, then retry the migration`,
        );
      }
      await pause(warm.bootPollMs, ctx.stopping);
    }
  },
});
