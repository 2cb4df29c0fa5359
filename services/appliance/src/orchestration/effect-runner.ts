// Carries out one effect through the ports and sends the commands that record its outcome.
// A transient failure (vCenter busy, a peer restarting) is retried in place a few times, since every
// step is idempotent; what still fails becomes a Fail command naming the step, so a retry resumes there.
import { IllegalStateError, IntegrityError, NotFoundError, ValidationError } from '@ferry/errors';
import { pause } from '@ferry/service-kit';
import { Step, type MigrationCommand } from '../migration';
import type { CommandMeta } from '../migration/migration-commands';
import type { Effect } from './effects';
import type { MigrationPorts } from './ports';

/** Clock, ids and the way commands reach the migration aggregate. */
export interface RunnerContext {
  now(): number;
  /**
   * The id of the command that records `outcome` of this effect. Derived from the migration, the
   * outcome and the attempt (not random), so an effect re-run after a crash stores its outcome once.
   */
  commandId(outcome: string): string;
  send(command: MigrationCommand): Promise<void>;
  /** In-place retries of a transient step failure before it is recorded (default: none). */
  readonly retry?: StepRetryPolicy;
}

/** How often, and after what pauses, a step that failed transiently is run again. */
export interface StepRetryPolicy {
  /** Further runs after the first (0: record the first failure). */
  readonly retries: number;
  /** Pause before the first re-run; each later pause is three times the one before. */
  readonly backoffMs: number;
  readonly log: (message: string) => void;
  /** Aborted when the runner stops: a pending re-run is dropped unrecorded (the next start resumes the step). */
  readonly signal?: AbortSignal;
}

/** A step dropped because the runner is stopping; nothing is recorded for it. */
export class StepInterrupted extends Error {}

/**
 * Whether running the step again could succeed without anyone changing anything: not for wrong
 * input, a refused state change, a missing object or corrupt data.
 */
export function isTransient(error: unknown): boolean {
  return !(error instanceof ValidationError || error instanceof IllegalStateError || error instanceof NotFoundError || error instanceof IntegrityError);
}

const STEP_OF: Record<Effect['kind'], Step | undefined> = {
  ValidateSource: Step.Validate,
  PowerOffSource: Step.PowerOffSource,
  CopyDisks: Step.CopyDisks,
  CreateTargetVm: Step.CreateTarget,
  RunFixup: Step.Fixup,
  PowerOnTarget: Step.PowerOnTarget,
  CompleteMigration: Step.Complete,
  Compensate: undefined,
};

export async function runEffect(effect: Effect, ports: MigrationPorts, ctx: RunnerContext): Promise<void> {
  const meta = (outcome: string): CommandMeta => ({ commandId: ctx.commandId(outcome), migrationId: effect.migrationId, at: ctx.now() });
  try {
    await performWithRetries(effect, ports, ctx, meta);
  } catch (error) {
    const step = STEP_OF[effect.kind];
    if (step === undefined || error instanceof StepInterrupted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    ctx.retry?.log(`migration ${effect.migrationId}: step ${effect.kind} failed: ${reason}`);
    // Wrong input will be wrong again; anything else (vCenter, network, data plane) may pass on retry.
    const retryable = !(error instanceof ValidationError);
    await ctx.send({ type: 'Fail', data: { meta: meta(`fail-${step}`), step, reason, retryable } });
  }
}

async function performWithRetries(effect: Effect, ports: MigrationPorts, ctx: RunnerContext, meta: (outcome: string) => CommandMeta): Promise<void> {
  const policy = ctx.retry;
  for (let attempt = 0; ; attempt++) {
    try {
      await perform(effect, ports, ctx, meta);
      return;
    } catch (error) {
      if (policy === undefined || attempt >= policy.retries || !isTransient(error)) throw error;
      const pauseMs = policy.backoffMs * 3 ** attempt;
      const reason = error instanceof Error ? error.message : String(error);
      policy.log(`migration ${effect.migrationId}: step ${effect.kind} failed (run ${attempt + 1} of ${policy.retries + 1}), running it again in ${pauseMs} ms: ${reason}`);
      await pause(pauseMs, policy.signal);
      if (policy.signal?.aborted) throw new StepInterrupted(`step ${effect.kind} of migration ${effect.migrationId} dropped: the runner is stopping`);
    }
  }
}

async function perform(effect: Effect, ports: MigrationPorts, ctx: RunnerContext, meta: (outcome: string) => CommandMeta): Promise<void> {
  switch (effect.kind) {
    case 'ValidateSource': {
      const found = await ports.source.inspect(effect.sourceVm);
      await ctx.send({
        type: 'RecordValidation',
        data: { meta: meta('validated'), blockers: found.blockers, warnings: found.warnings, hardware: found.hardware, sourcePowerState: found.powerState },
      });
      return;
    }
    case 'PowerOffSource': {
      const { method } = await ports.source.powerOff(effect.sourceVm, effect.guestShutdownTimeoutMs);
      await ctx.send({ type: 'RecordSourcePoweredOff', data: { meta: meta('source-off'), method, wasPoweredOn: method !== 'already' } });
      return;
    }
    case 'CopyDisks': {
      // allSettled: every disk's copy has ended before the step reports (a cancel cleans up only then).
      const copies = await Promise.allSettled(
        effect.disks.map(async (disk) => {
          await ctx.send({ type: 'StartDiskCopy', data: { meta: meta(`copy-start-${disk.diskKey}`), diskKey: disk.diskKey, changeId: '' } });
          const result = await ports.diskCopy.copy(effect.migrationId, disk, (offset, bytesCopied) =>
            ctx.send({ type: 'RecordDiskCopyProgress', data: { meta: meta(`copy-at-${disk.diskKey}-${offset}`), diskKey: disk.diskKey, offset, bytesCopied } }),
          );
          await ctx.send({ type: 'CompleteDiskCopy', data: { meta: meta(`copy-done-${disk.diskKey}`), diskKey: disk.diskKey, ...result } });
        }),
      );
      const failed = copies.find((c): c is PromiseRejectedResult => c.status === 'rejected');
      if (failed) throw failed.reason;
      return;
    }
    case 'CreateTargetVm': {
      // Idempotent: a VM made by an earlier attempt of this migration is recorded, not made twice.
      const existing = await ports.target.findByMigration(effect.migrationId);
      const created = existing ? { vm: existing, diskPaths: [] } : await ports.target.create(effect);
      await ctx.send({ type: 'RecordTargetCreated', data: { meta: meta('target-created'), targetVm: created.vm, diskPaths: created.diskPaths } });
      return;
    }
    case 'RunFixup':
      await ctx.send({ type: 'RecordFixup', data: { meta: meta('fixed-up'), steps: await ports.fixup.run(effect) } });
      return;
    case 'PowerOnTarget':
      await ports.target.powerOn(effect.targetVm);
      await ctx.send({ type: 'RecordTargetPoweredOn', data: { meta: meta('target-on') } });
      return;
    case 'CompleteMigration':
      await ctx.send({ type: 'Complete', data: { meta: meta('completed') } });
      return;
    case 'Compensate': {
      // The target goes first: its NICs carry the source's MACs, which must not be live twice.
      const steps = effect.removeTarget ? await ports.target.removeByMigration(effect.migrationId) : [];
      if (effect.powerOnSource) {
        await ports.source.powerOn(effect.powerOnSource);
        steps.push(`source ${effect.powerOnSource.moref} powered on`);
      }
      await ctx.send({ type: 'RecordCompensation', data: { meta: meta('compensated'), steps } });
      return;
    }
    default: {
      const unknown: never = effect;
      return unknown;
    }
  }
}
