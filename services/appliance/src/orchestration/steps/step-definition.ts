// What a step of an itinerary is in code: the effect it asks for from a state, and how that effect
// runs through the ports and records its outcome.
import type { ActiveState, Step } from '../../migration';
import type { CommandMeta } from '../../migration/migration-commands';
import type { Effect } from '../effects';
import type { MigrationPorts } from '../ports';
import type { RunnerContext } from '../runner-context';

/** Effects that run a step (compensation after a cancel is not a step). */
export type StepEffect = Exclude<Effect, { kind: AfterwardsKind }>;
/** Effects after a migration's end, outside every itinerary: a cancel's compensation, a purge after migrate back. */
export type AfterwardsKind = 'Compensate' | 'PurgeCloud';

/** Options the process manager plans effects with. */
export interface ProcessManagerOptions {
  /** How long a guest shutdown may take before a hard power-off. Default 5 minutes. */
  readonly guestShutdownTimeoutMs?: number;
}

/** What a step's run gets: the ports, the runner's context, and the metadata of each outcome's command. */
export interface StepEnv {
  readonly ports: MigrationPorts;
  readonly ctx: RunnerContext;
  meta(outcome: string): CommandMeta;
}

/** One step: its Step value, its effect's kind, how it is planned from a state, how it runs. */
export interface StepDefinition<E extends StepEffect = StepEffect> {
  readonly step: Step;
  readonly kind: E['kind'];
  /** The effect that runs this step from `state` (pure). */
  plan(state: ActiveState, options: ProcessManagerOptions): E;
  /** Carries the effect out through the ports and sends the commands that record its outcome. */
  run(effect: E, env: StepEnv): Promise<void>;
}

/** Declares a step with its effect type checked against plan and run. */
export function defineStep<E extends StepEffect>(definition: StepDefinition<E>): StepDefinition<E> {
  return definition;
}
