// CreatePlan, GetPlan, ListPlans, StartPlan, CancelPlan and SetPlanDiskRate: the plan aggregate behind the integrator API.
// StartPlan records the start; which migrations get planned now is the scheduler's decision
// (migrationsToStart). SetPlanDiskRate records the new cap on the plan and on each of its migrations
// not over yet; the migration runner hands it to their copies under way.
import { createHash, randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '@ferry/errors';
import { handleCommand, type EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { MigrationMode, migrationCodec, migrationDecider, migrationStream, type MigrationState } from '../migration';
import { MIN_PRECOPY_INTERVAL_SECONDS, migrationsToStart, planCodec, planDecider, type PlanState } from '../plan';
import type { Caller } from './caller';
import type { Inventory } from './inventory-gateway';
import { disksOf, readPlanInventory } from './plan-inventory';
import { PlanNames } from './plan-names';
import { PlanningTurns } from './planning-turns';
import { SiteCatalog } from './site-catalog';
import { planView } from './views';

import api = ferry.api.v1;

/** Where a plan's events live: ferry.evt.plan.<id>. */
export const planStream = (planId: string): { aggregate: string; id: string } => ({ aggregate: 'plan', id: planId });

/** A request id becomes the plan id, so a retried CreatePlan lands on the same plan. */
function planIdFor(requestId: string): string {
  if (!requestId) return `plan-${randomUUID()}`;
  return `plan-${createHash('sha256').update(requestId).digest('hex').slice(0, 32)}`;
}

/** The migration of the i-th VM of a plan: stable, so a retried StartPlan assigns the same ids. */
const migrationIdFor = (planId: string, index: number): string => `${planId.replace(/^plan-/, 'mig-')}-${index + 1}`;

export class PlanApi {
  /** Plan names in use (the site catalog's, brought current on CreatePlan). */
  private readonly names: PlanNames;
  /** One planning pass per plan at a time (see planDueMigrations). */
  private readonly planning = new PlanningTurns();

  constructor(
    private readonly store: EventStore,
    private readonly inventory: Inventory,
    private readonly clock: () => number = Date.now,
    /** The site's plans and migrations (the API shares one with its list RPCs). */
    private readonly catalog: SiteCatalog = new SiteCatalog(store),
    /** Pre-copy: the smallest interval between delta syncs a plan may ask for. */
    private readonly precopyMinIntervalSeconds: number = MIN_PRECOPY_INTERVAL_SECONDS,
  ) {
    this.names = new PlanNames(catalog);
  }

  /** The plan as the store holds it now (from the site catalog, brought up to the store's end first). */
  async loadPlan(planId: string): Promise<{ state: Exclude<PlanState, { status: 'none' }>; createdAt: number }> {
    if (!/^[A-Za-z0-9_-]+$/.test(planId)) throw new ValidationError('plan_id', `"${planId}" is not a plan id; use the id CreatePlan returned`);
    await this.catalog.catchUp();
    const entry = this.catalog.plan(planId);
    if (!entry || entry.state.status === 'none') throw new NotFoundError(`no plan ${planId}; list plans or create one with CreatePlan`);
    return { state: entry.state, createdAt: entry.createdAt };
  }

  /** Each migration's state as of the catalog's last catch-up; one not planned yet (queued) is in its initial state. */
  private migrationStates(plan: PlanState): MigrationState[] {
    if (plan.status === 'none' || plan.status === 'created') return [];
    return plan.migrations.map((m) => this.catalog.migration(m.migrationId)?.state ?? migrationDecider.initialState);
  }

  async createPlan(request: api.ICreatePlanRequest, caller: Caller): Promise<api.IPlan> {
    const requested = (request.vms ?? []).map((vm) => ({ vcenter: vm.vcenter || 'prem', moref: vm.moref ?? '', name: vm.name ?? '' }));
    requested.forEach((vm, i) => {
      if (vm.vcenter !== 'prem') throw new ValidationError(`vms[${i}].vcenter`, `"${vm.vcenter}": plans migrate VMs of the prem vCenter; use "prem" or leave it empty`);
    });
    const snapshot = await readPlanInventory(this.inventory, requested.map((vm) => vm.moref));
    const vms = requested.map((vm) => ({ ...vm, name: vm.name || snapshot.vms.get(vm.moref)?.name || '' }));
    const planId = planIdFor(request.requestId ?? '');
    const commandId = `create-plan:${planId}`;
    const command = {
      type: 'CreatePlan' as const,
      data: {
        meta: { commandId, planId, at: this.clock() },
        name: request.name ?? '',
        vms,
        // An unset mode means cold.
        mode: (request.mode || MigrationMode.Cold) as MigrationMode,
        networkMap: (request.networkMap ?? []).map((m) => ({ sourceNetwork: m.sourceNetwork ?? '', targetNetwork: m.targetNetwork ?? '' })),
        storageMap: (request.storageMap ?? []).map((m) => ({ sourceDatastore: m.sourceDatastore ?? '', targetDatastore: m.targetDatastore ?? '' })),
        target: { folder: request.target?.folder ?? '', resourcePool: request.target?.resourcePool ?? '', datacenter: request.target?.datacenter ?? '' },
        ...(request.concurrency !== null && request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
        ...(request.scheduledStart ? { scheduledStartMillis: Number(request.scheduledStart.unixMillis ?? 0) } : {}),
        ...(request.scheduledCutover ? { scheduledCutoverMillis: Number(request.scheduledCutover.unixMillis ?? 0) } : {}),
        ...(request.maxDiskBytesPerSecond !== null && request.maxDiskBytesPerSecond !== undefined ? { maxDiskBytesPerSecond: Number(request.maxDiskBytesPerSecond) } : {}),
        ...(request.acceptUnqualified === true ? { acceptUnqualified: true } : {}),
        ...(request.precopyIntervalSeconds !== null && request.precopyIntervalSeconds !== undefined ? { precopyIntervalSeconds: Number(request.precopyIntervalSeconds) } : {}),
        precopyMinIntervalSeconds: this.precopyMinIntervalSeconds,
        inventory: snapshot.inventory,
      },
    };
    // One CreatePlan at a time: the name is checked and taken without another plan taking it between.
    await this.names.exclusive(async () => {
      await this.names.refuseTaken(command.data.name, planId);
      await handleCommand(this.store, planStream(planId), planDecider, planCodec, command, { commandId, ...caller });
      this.names.note(command.data.name, planId);
    });
    const { state, createdAt } = await this.loadPlan(planId);
    return planView(state, createdAt);
  }

  async getPlan(planId: string): Promise<api.IPlan> {
    const { state, createdAt } = await this.loadPlan(planId);
    return planView(state, createdAt, this.migrationStates(state));
  }

  /** Plans, oldest first, a page at a time (from the site catalog, as of one catch-up). */
  async listPlans(request: api.IListPlansRequest): Promise<api.IListPlansResponse> {
    const page = await this.catalog.listPlans(request.pageSize ?? 0, request.pageToken ?? '');
    const plans = page.ids.flatMap((id) => {
      const entry = this.catalog.plan(id);
      return entry && entry.state.status !== 'none' ? [planView(entry.state, entry.createdAt, this.migrationStates(entry.state))] : [];
    });
    return { plans, nextPageToken: page.nextPageToken, totalSize: page.totalSize };
  }

  /** Stops the plan from starting more migrations; those under way go on. Cancelling twice changes nothing. */
  async cancelPlan(request: api.ICancelPlanRequest, caller: Caller): Promise<api.IPlan> {
    const planId = request.planId ?? '';
    await this.loadPlan(planId);
    const reason = request.reason?.trim() || `cancelled by ${caller.actor}`;
    const commandId = `cancel-plan:${planId}`;
    const cancel = { type: 'CancelPlan' as const, data: { meta: { commandId, planId, at: this.clock() }, reason } };
    await handleCommand(this.store, planStream(planId), planDecider, planCodec, cancel, { commandId, ...caller });
    return this.getPlan(planId);
  }

  /** Records the start (one migration id per VM), then plans the migrations the scheduler lets start now. */
  async startPlan(planId: string, caller: Caller): Promise<api.IPlan> {
    const { state: before } = await this.loadPlan(planId);
    const migrationIds = before.spec.vms.map((_, i) => migrationIdFor(planId, i));
    const commandId = `start-plan:${planId}`;
    const start = { type: 'StartPlan' as const, data: { meta: { commandId, planId, at: this.clock() }, migrationIds } };
    await handleCommand(this.store, planStream(planId), planDecider, planCodec, start, { commandId, ...caller });
    await this.planDueMigrations(planId, caller);
    return this.getPlan(planId);
  }

  /**
   * A new cap on each disk transfer's wire rate (0 lifts it). Migrations still queued are planned
   * with it; those under way (or failed, for their retry) record it; completed and cancelled ones
   * are left as they are. Calling it again with the same cap records nothing. A plan that has ended
   * (each migration completed, failed or cancelled) is refused FAILED_PRECONDITION.
   */
  async setDiskRate(request: api.ISetPlanDiskRateRequest, caller: Caller): Promise<api.IPlan> {
    const planId = request.planId ?? '';
    const maxDiskBytesPerSecond = Number(request.maxDiskBytesPerSecond ?? 0);
    const { state: before } = await this.loadPlan(planId); // a malformed or unknown id is refused before anything is recorded
    // The decider refuses a plan whose migrations are all over; their phases are read here, as it stays pure.
    const migrationPhases = this.migrationStates(before).map((m) => m.phase);
    const commandId = `set-disk-rate:${planId}:${randomUUID()}`;
    const setPlan = { type: 'SetDiskRate' as const, data: { meta: { commandId, planId, at: this.clock() }, maxDiskBytesPerSecond, migrationPhases } };
    await handleCommand(this.store, planStream(planId), planDecider, planCodec, setPlan, { commandId, ...caller });
    const { state } = await this.loadPlan(planId);
    for (const { migrationId } of state.status === 'created' ? [] : state.migrations) {
      const migration = this.catalog.migration(migrationId)?.state ?? migrationDecider.initialState;
      if (migration.phase === 'initial' || migration.phase === 'completed' || migration.phase === 'cancelled') continue;
      const migrationCommandId = `set-disk-rate:${migrationId}:${randomUUID()}`;
      const setMigration = { type: 'SetDiskRate' as const, data: { meta: { commandId: migrationCommandId, migrationId, at: this.clock() }, maxDiskBytesPerSecond } };
      await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, setMigration, { commandId: migrationCommandId, ...caller });
    }
    return this.getPlan(planId);
  }

  /**
   * Plans (records MigrationPlanned for) the migrations the scheduler says may start now. The states
   * come from the site catalog brought up to the store's end, so a migration planned by an earlier
   * pass counts as running. Passes of one plan run one at a time in this process (every migration
   * that ends asks for one); a call while one waits shares it, as it reads the store when it starts.
   */
  planDueMigrations(planId: string, caller: Caller): Promise<string[]> {
    return this.planning.run(planId, () => this.planDueNow(planId, caller));
  }

  private async planDueNow(planId: string, caller: Caller): Promise<string[]> {
    const { state } = await this.loadPlan(planId);
    if (state.status !== 'started') return [];
    const due = migrationsToStart(state, (id) => this.catalog.migration(id)?.state, this.clock());
    for (const migrationId of due) {
      const assigned = state.migrations.find((m) => m.migrationId === migrationId);
      const vm = state.spec.vms.find((v) => v.moref === assigned?.vmMoref);
      if (!vm) continue;
      const record = await this.inventory.findVm(ferry.inventory.v1.Site.SITE_PREM, vm.moref);
      if (!record) throw new NotFoundError(`VM ${vm.moref} of plan ${planId} is no longer in the prem inventory; cancel the plan or bring the VM back`);
      const commandId = `plan-migration:${migrationId}`;
      const { spec } = state;
      const command = {
        type: 'PlanMigration' as const,
        data: {
          meta: { commandId, migrationId, at: this.clock() },
          planId, sourceVm: vm, mode: spec.mode, networkMap: spec.networkMap, storageMap: spec.storageMap, target: spec.target, disks: disksOf(record),
          maxDiskBytesPerSecond: spec.maxDiskBytesPerSecond, acceptUnqualified: spec.acceptUnqualified, precopyIntervalSeconds: spec.precopyIntervalSeconds ?? 0,
        },
      };
      await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, ...caller });
    }
    return due;
  }
}
