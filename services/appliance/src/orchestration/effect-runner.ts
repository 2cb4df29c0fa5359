// Carries out one effect through the ports and sends the commands that record its outcome.
// A transient failure (vCenter busy, a peer restarting) is retried in place a few times, since every
// step is idempotent; what still fails becomes a Fail command naming the step, so a retry resumes there.
import { IllegalStateError, IntegrityError, NotFoundError, ResourceExhaustedError, ValidationError } from '@ferry/errors';
import { noResponders, pause } from '@ferry/service-kit';
import { VcenterUnreachableError } from '@ferry/vsphere';
import type { CommandMeta } from '../migration/migration-commands';
import type { Effect } from './effects';
import type { MigrationPorts } from './ports';
import type { RunnerContext, StepRetryPolicy } from './runner-context';
import { runCompensation } from './steps/compensate';
import { runPurge } from './steps/purge-cloud';
import { runStepEffect, stepOfEffect } from './steps/registry';

export type { RunnerContext, StepRetryPolicy } from './runner-context';

/** A step's pending re-run dropped because its policy's signal was aborted (the runner stopping, or the event store gone); nothing is recorded for it. */
export class StepInterrupted extends Error {}

/**
 * Whether running the step again could succeed without anyone changing anything: not for wrong
 * input, a refused state change, a missing object, corrupt data or a resource that ran out (a full
 * datastore: the step already waited for room; it fails retryable, for an operator to make room).
 */
export function isTransient(error: unknown): boolean {
  return !(
    error instanceof ValidationError || error instanceof IllegalStateError || error instanceof NotFoundError || error instanceof IntegrityError || error instanceof ResourceExhaustedError
  );
}

export async function runEffect(effect: Effect, ports: MigrationPorts, ctx: RunnerContext): Promise<void> {
  const meta = (outcome: string): CommandMeta => ({ commandId: ctx.commandId(outcome), migrationId: effect.migrationId, at: ctx.now() });
  try {
    await performWithRetries(effect, ports, ctx, meta);
  } catch (error) {
    const step = stepOfEffect(effect.kind);
    if (step === undefined || error instanceof StepInterrupted) throw error;
    // The runner is stopping: the step was cut short, it did not fail; the next start runs it again.
    if (ctx.stopping?.aborted === true) throw new StepInterrupted(`step ${effect.kind} of migration ${effect.migrationId} was stopped by the runner's shutdown (${error instanceof Error ? error.message : String(error)})`);
    const reason = error instanceof Error ? error.message : String(error);
    ctx.retry?.log(`migration ${effect.migrationId}: step ${effect.kind} failed: ${reason}`);
    // Wrong input will be wrong again; anything else (vCenter, network, data plane) may pass on retry.
    const retryable = !(error instanceof ValidationError);
    await ctx.send({ type: 'Fail', data: { meta: meta(`fail-${step}`), step, reason, retryable } });
  }
}

/** Longest pause between two runs of a step while its vCenter is unreachable. */
export const VCENTER_OUTAGE_PAUSE_MAX_MS = 15_000;

/** The outage budget that applies to `error`, if it says a peer is away: an unreachable vCenter, or no service answering. */
function awayBudget(error: unknown, policy: StepRetryPolicy): { what: string; budgetMs: number } | undefined {
  if (error instanceof VcenterUnreachableError && (policy.vcenterOutageMs ?? 0) > 0) return { what: 'its vCenter', budgetMs: policy.vcenterOutageMs ?? 0 };
  if (noResponders(error) && (policy.serviceOutageMs ?? 0) > 0) return { what: 'the service that takes its command', budgetMs: policy.serviceOutageMs ?? 0 };
  return undefined;
}

async function performWithRetries(effect: Effect, ports: MigrationPorts, ctx: RunnerContext, meta: (outcome: string) => CommandMeta): Promise<void> {
  const policy = ctx.retry;
  /** When the vCenter was first found unreachable in the current run of failures. */
  let unreachableSince: number | undefined;
  for (let attempt = 0, outageRun = 0; ; attempt++) {
    try {
      await perform(effect, ports, ctx, meta);
      return;
    } catch (error) {
      if (policy === undefined || !isTransient(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // A vCenter or a Ferry service that is away (restarting, reconnecting, cut off) is waited for up to
      // the policy's outage budget for it, then the step fails.
      const away = awayBudget(error, policy);
      if (away !== undefined) {
        const at = ctx.now();
        unreachableSince ??= at;
        const awayMs = at - unreachableSince;
        if (awayMs < away.budgetMs) {
          const pauseMs = Math.min(VCENTER_OUTAGE_PAUSE_MAX_MS, Math.max(policy.backoffMs, 1) * 2 ** outageRun++);
          policy.log(`migration ${effect.migrationId}: step ${effect.kind}: ${away.what} has been away for ${Math.round(awayMs / 1000)} s (waited for up to ${Math.round(away.budgetMs / 1000)} s), running it again in ${pauseMs} ms: ${reason}`);
          await pause(pauseMs, policy.signal);
          if (policy.signal?.aborted) throw new StepInterrupted(`step ${effect.kind} of migration ${effect.migrationId}: its re-run in place was dropped (the runner is stopping or the event store is unreachable)`);
          attempt--;
          continue;
        }
        throw error;
      }
      unreachableSince = undefined;
      outageRun = 0;
      if (attempt >= policy.retries) throw error;
      const pauseMs = policy.backoffMs * 3 ** attempt;
      policy.log(`migration ${effect.migrationId}: step ${effect.kind} failed (run ${attempt + 1} of ${policy.retries + 1}), running it again in ${pauseMs} ms: ${reason}`);
      await pause(pauseMs, policy.signal);
      if (policy.signal?.aborted) throw new StepInterrupted(`step ${effect.kind} of migration ${effect.migrationId}: its re-run in place was dropped (the runner is stopping or the event store is unreachable)`);
    }
  }
}

async function perform(effect: Effect, ports: MigrationPorts, ctx: RunnerContext, meta: (outcome: string) => CommandMeta): Promise<void> {
  const env = { ports, ctx, meta };
  if (effect.kind === 'Compensate') return runCompensation(effect, env);
  if (effect.kind === 'PurgeCloud') return runPurge(effect, env);
  return runStepEffect(effect, env);
}
