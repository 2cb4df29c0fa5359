// The appliance's scheduler and the cutover's downtime recording, wired to the store: a plan's scheduled
// start records StartPlan (when the operator has not) and plans the migrations its concurrency allows; a
// scheduled cutover records RequestCutover (the same command id as the Cutover RPC's, so one cutover is
// stored once); each cutover asked for gets its downtime prediction recorded. All as service:appliance.
import { randomBytes } from 'node:crypto';
import { handleCommand, type EventStore } from '@ferry/event-store';
import type { PlanApi } from '../api/plan-api';
import { migrationCodec, migrationDecider, migrationStream } from '../migration';
import { PredictionRecorder, SiteHistory } from '../prediction';
import { WakeScheduler } from './wake-scheduler';

const ACTOR = 'service:appliance';
const traceId = (): string => randomBytes(16).toString('hex');

/** Both followers; stop() clears every timer (SIGTERM) and ends both subscriptions. */
export interface Scheduling {
  stop(): Promise<void>;
}

function requestCutover(store: EventStore, migrationId: string): Promise<unknown> {
  const commandId = `cutover:${migrationId}`;
  const command = { type: 'RequestCutover' as const, data: { meta: { commandId, migrationId, at: Date.now() }, reason: 'the scheduled cutover time came' } };
  return handleCommand(store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, actor: ACTOR, traceId: traceId() });
}

export async function startScheduling(store: EventStore, plans: PlanApi, log: (message: string) => void): Promise<Scheduling> {
  const site = new SiteHistory(store);
  const recorder = new PredictionRecorder(store, site, { actor: ACTOR, log, traceId });
  await site.start();
  const scheduler = new WakeScheduler(
    store,
    {
      startPlan: (planId) => plans.startPlan(planId, { actor: ACTOR, traceId: traceId() }),
      cutover: (migrationId) => requestCutover(store, migrationId),
      cutoverAskedFor: (migrationId) => void recorder.record(migrationId),
    },
    { log },
  );
  await scheduler.start();
  return {
    async stop() {
      await scheduler.stop();
      await site.stop();
    },
  };
}
