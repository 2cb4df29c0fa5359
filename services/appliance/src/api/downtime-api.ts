// ScheduleCutover, AdvisePlan and GetMigration's live downtime prediction: the pre-copy cutover's time
// and what it is predicted to cost, from the site's history (prediction/site-history.ts).
import { handleCommand, type EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { foldEvents } from '@ferry/event-store';
import { isActive, migrationCodec, migrationDecider, migrationStream, type MigrationState } from '../migration';
import { advise, cutoverTimeOf, diskBytesOf, predictCold, predictMigration, predictWarm, type SiteHistory, type StepHistory } from '../prediction';
import type { Caller } from './caller';
import { predictionView, recordedDowntimeView } from './downtime-view';
import type { Inventory } from './inventory-gateway';
import type { MigrationApi } from './migration-api';
import { disksOf } from './plan-inventory';
import type { PlanApi } from './plan-api';

import api = ferry.api.v1;

export class DowntimeApi {
  constructor(
    private readonly store: EventStore,
    private readonly site: SiteHistory,
    private readonly migrations: MigrationApi,
    private readonly plans: PlanApi,
    private readonly inventory: Inventory,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The migration's downtime view, with a live prediction while its cutover is not asked for yet. */
  async downtimeOf(state: Exclude<MigrationState, { phase: 'initial' }>): Promise<api.IMigrationDowntime | undefined> {
    const planCutover = await this.site.planCutover(state.facts.planId);
    const view = recordedDowntimeView(state, state.facts.precopy?.cutoverScheduledAt ?? planCutover);
    if (!view || view.recorded || !isActive(state)) return view;
    const at = cutoverTimeOf(state, planCutover, this.clock());
    const live = predictMigration(state, await this.site.eventsOf(state.facts.id), await this.site.history(), at);
    return live ? { ...view, predicted: predictionView(live) } : view;
  }

  /** The cutover at a time: recorded as CutoverScheduled; the scheduler asks for it then. */
  async scheduleCutover(request: api.IScheduleCutoverRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    await this.migrations.getMigration(migrationId); // a malformed or unknown id is refused first
    const atMillis = Number(request.at?.unixMillis ?? 0);
    const commandId = `schedule-cutover:${migrationId}:${atMillis}`;
    const command = { type: 'ScheduleCutover' as const, data: { meta: { commandId, migrationId, at: this.clock() }, atMillis } };
    await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, ...caller });
    return this.migrations.getMigration(migrationId);
  }

  /** Per VM of the plan: pre-copy, cold and warm downtime as predicted, and the mode it should rather take. */
  async advisePlan(request: api.IAdvisePlanRequest): Promise<api.IPlanAdvice> {
    const planId = request.planId ?? '';
    const { state: plan } = await this.plans.loadPlan(planId);
    const history = await this.site.history();
    const assigned = plan.status === 'created' ? [] : plan.migrations;
    const vms = await Promise.all(plan.spec.vms.map(async (vm) => {
      const migrationId = assigned.find((m) => m.vmMoref === vm.moref)?.migrationId ?? '';
      const state = migrationId ? await this.stateOf(migrationId) : undefined;
      return this.adviceFor(vm, migrationId, state, history);
    }));
    return { planId, vms };
  }

  private async stateOf(migrationId: string): Promise<MigrationState> {
    const loaded = await this.store.load(migrationStream(migrationId));
    return foldEvents(migrationDecider, loaded.events.map((e) => migrationCodec.decode(e.type, e.payload)));
  }

  /** A VM not planned yet: its disks' capacity as the inventory has it (0 when it is gone). */
  private async capacityOf(moref: string): Promise<number> {
    const vm = await this.inventory.findVm(ferry.inventory.v1.Site.SITE_PREM, moref);
    return vm ? disksOf(vm).reduce((sum, d) => sum + d.capacityBytes, 0) : 0;
  }

  private async adviceFor(vm: ferry.common.v1.IVmRef, migrationId: string, state: MigrationState | undefined, history: StepHistory): Promise<api.IVmAdvice> {
    const planned = state && state.phase !== 'initial' ? state : undefined;
    const events = planned ? await this.site.eventsOf(migrationId) : [];
    const precopy = planned
      ? planned.facts.precopy?.downtimePrediction ?? predictMigration(planned, events, history, cutoverTimeOf(planned, await this.site.planCutover(planned.facts.planId), this.clock()))
      : undefined;
    // A full copy ships the allocated bytes: the full sync measured them; otherwise the disks' capacity.
    const fullSync = events.find((e) => e.type === 'DeltaSyncCompleted' && e.data.generation === 1);
    const allocated = fullSync?.type === 'DeltaSyncCompleted' ? fullSync.data.bytes : planned ? diskBytesOf(planned) : await this.capacityOf(vm.moref ?? '');
    const cold = predictCold(allocated, history);
    const warm = predictWarm(history);
    const { advice, reason } = advise({ ...(precopy ? { precopy } : {}), coldMillis: cold.downtimeMillis, warmMillis: warm.downtimeMillis });
    const steps = [...(precopy?.steps ?? []), ...cold.steps, ...warm.steps];
    const defaults = [...new Set(steps.filter((s) => s.basis === 'default').map((s) => s.step))];
    return {
      vm, migrationId, precopy: precopy ? predictionView(precopy) : null, coldDowntimeMillis: cold.downtimeMillis, warmDowntimeMillis: warm.downtimeMillis, advice, reason, defaults,
    };
  }
}
