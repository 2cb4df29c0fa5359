// CreatePlan: every check a plan must pass, each refusal naming the field (as in the API request) and the fix.
import { ValidationError } from '@ferry/errors';
import { MigrationMode, checkDiskRate, itineraryOf } from '../migration';
import { checkTarget } from './check-target';
import type { PlanCommand } from './plan-commands';
import { DEFAULT_CONCURRENCY, DEFAULT_PRECOPY_INTERVAL_SECONDS, MIN_PRECOPY_INTERVAL_SECONDS, type PlanEvent } from './plan-events';

type CreatePlan = Extract<PlanCommand, { type: 'CreatePlan' }>['data'];

function checkVms(d: CreatePlan): void {
  if (d.vms.length === 0) throw new ValidationError('vms', 'is empty; name at least one source VM by its moref');
  const seen = new Set<string>();
  d.vms.forEach((vm, i) => {
    if (!d.inventory.sourceVms[vm.moref]) {
      throw new ValidationError(`vms[${i}].moref`, `"${vm.moref}" is not a VM in the prem inventory; list VMs with ListVms and use its moref`);
    }
    if (seen.has(vm.moref)) throw new ValidationError(`vms[${i}].moref`, `"${vm.moref}" is listed twice; list each VM once`);
    seen.add(vm.moref);
  });
}

function checkNetworks(d: CreatePlan): void {
  const sources = new Set<string>();
  d.networkMap.forEach((m, i) => {
    if (sources.has(m.sourceNetwork)) throw new ValidationError(`network_map[${i}].source_network`, `"${m.sourceNetwork}" is mapped twice; keep one mapping`);
    sources.add(m.sourceNetwork);
    if (!d.inventory.targetNetworks.includes(m.targetNetwork)) {
      throw new ValidationError(
        `network_map[${i}].target_network`,
        `"${m.targetNetwork}" is not a network on the cloud vCenter; use one of ${d.inventory.targetNetworks.map((n) => `"${n}"`).join(', ') || '(none found)'}`,
      );
    }
  });
  for (const vm of d.vms) {
    for (const network of d.inventory.sourceVms[vm.moref]?.networks ?? []) {
      if (!sources.has(network)) throw new ValidationError('network_map', `source network "${network}" of ${vm.moref} is not mapped; add a mapping to a cloud network`);
    }
  }
}

function checkStorage(d: CreatePlan): void {
  const sources = new Set<string>();
  d.storageMap.forEach((m, i) => {
    if (sources.has(m.sourceDatastore)) throw new ValidationError(`storage_map[${i}].source_datastore`, `"${m.sourceDatastore}" is mapped twice; keep one mapping`);
    sources.add(m.sourceDatastore);
    if (!d.inventory.targetDatastores.includes(m.targetDatastore)) {
      throw new ValidationError(
        `storage_map[${i}].target_datastore`,
        `"${m.targetDatastore}" is not a datastore on the cloud vCenter; use one of ${d.inventory.targetDatastores.map((n) => `"${n}"`).join(', ') || '(none found)'}`,
      );
    }
  });
  for (const vm of d.vms) {
    for (const datastore of d.inventory.sourceVms[vm.moref]?.datastores ?? []) {
      if (!sources.has(datastore)) throw new ValidationError('storage_map', `source datastore "${datastore}" of ${vm.moref} is not mapped; add a mapping to a cloud datastore`);
    }
  }
}

function concurrencyOf(d: CreatePlan): number {
  if (d.concurrency === undefined) return DEFAULT_CONCURRENCY;
  if (!Number.isInteger(d.concurrency) || d.concurrency < 1) {
    throw new ValidationError('concurrency', `must be at least 1, got ${d.concurrency}; set how many VMs may migrate at once, or leave it unset for ${DEFAULT_CONCURRENCY}`);
  }
  return d.concurrency;
}

function diskRateCapOf(d: CreatePlan): number {
  return d.maxDiskBytesPerSecond === undefined ? 0 : checkDiskRate(d.maxDiskBytesPerSecond, { zeroLifts: false });
}

/** Pre-copy: the interval between delta syncs (at least the appliance's minimum); 0 for other modes, which must not set it. */
function precopyIntervalOf(d: CreatePlan): number {
  const asked = d.precopyIntervalSeconds;
  if (d.mode !== MigrationMode.Precopy) {
    if (asked !== undefined) throw new ValidationError('precopy_interval_seconds', `is set, but the plan's mode is not MIGRATION_MODE_PRECOPY; leave it unset or plan a pre-copy migration (ferry migrate --precopy)`);
    return 0;
  }
  if (asked === undefined) return DEFAULT_PRECOPY_INTERVAL_SECONDS;
  const min = d.precopyMinIntervalSeconds ?? MIN_PRECOPY_INTERVAL_SECONDS;
  if (!Number.isInteger(asked) || asked < min) {
    throw new ValidationError(
      'precopy_interval_seconds',
      `${asked} is below the minimum of ${min} seconds between two delta syncs; give at least ${min} (ferry migrate --precopy-interval ${Math.max(1, Math.ceil(min / 60))}m), or leave it unset for ${DEFAULT_PRECOPY_INTERVAL_SECONDS / 60} min`,
    );
  }
  return asked;
}

/** Pre-copy: when each migration cuts over by itself, after the plan's start; 0 = on Cutover. Other modes have no cutover. */
function scheduledCutoverOf(d: CreatePlan, scheduledStartMillis: number): number {
  const at = d.scheduledCutoverMillis ?? 0;
  if (at === 0) return 0;
  if (d.mode !== MigrationMode.Precopy) {
    throw new ValidationError('scheduled_cutover', "is set, but the plan's mode is not MIGRATION_MODE_PRECOPY; leave it unset, or plan a pre-copy migration");
  }
  if (at <= scheduledStartMillis) {
    throw new ValidationError('scheduled_cutover', `${new Date(at).toISOString()} is not after the scheduled start ${new Date(scheduledStartMillis).toISOString()}; the full sync runs first, so set the cutover later`);
  }
  return at;
}

/** The PlanCreated event of a valid plan; throws ValidationError naming the first bad field. */
export function createPlanEvent(d: CreatePlan): PlanEvent {
  if (!d.name.trim()) throw new ValidationError('name', 'is empty; give the plan a name operators recognise');
  // A plan may only ask for a mode the appliance has an itinerary for.
  itineraryOf(d.mode);
  checkVms(d);
  checkNetworks(d);
  checkStorage(d);
  checkTarget(d);
  const concurrency = concurrencyOf(d);
  const scheduledStartMillis = d.scheduledStartMillis ?? 0;
  const maxDiskBytesPerSecond = diskRateCapOf(d);
  const precopyIntervalSeconds = precopyIntervalOf(d);
  if (scheduledStartMillis < 0) throw new ValidationError('scheduled_start', `${scheduledStartMillis} is before 1970; leave it unset to start when asked`);
  const scheduledCutoverMillis = scheduledCutoverOf(d, scheduledStartMillis);
  const meta = { planId: d.meta.planId, at: d.meta.at, causeCommandId: d.meta.commandId };
  const { name, vms, mode, networkMap, storageMap, target } = d;
  return { type: 'PlanCreated', data: { meta, name, vms, mode, networkMap, storageMap, target, concurrency, scheduledStartMillis, maxDiskBytesPerSecond, acceptUnqualified: d.acceptUnqualified === true, precopyIntervalSeconds, scheduledCutoverMillis } };
}
