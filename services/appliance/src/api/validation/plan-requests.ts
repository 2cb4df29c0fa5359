// The plan RPCs' request messages (ferry.api.v1 CreatePlanRequest, StartPlanRequest, GetPlanRequest,
// SetPlanDiskRateRequest). What needs the inventory or the store (VMs, networks, datastores, the
// target's folder, pool and datacenter, a name already in use, a plan that has ended) is checked
// where that is read: create-plan.ts, plan-decider.ts and plan-api.ts.
import { z } from 'zod';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../plan';
import { migrationMode, moref, planId, planName, requestId, vcenterRole } from './identifiers';
import { inventoryPath } from './inventory-path';
import { integerIn } from './numbers';
import { plainText } from './text';
import { scheduledStart } from './time';

/**
 * No link or disk is this fast (1 TiB/s); a larger cap is a unit mistake. The least cap, 1 MiB/s,
 * is the migration's own rule (checkDiskRate), as it also holds for caps recorded before.
 */
export const MAX_DISK_BYTES_PER_SECOND = 2n ** 40n;

/** vCenter names are at most 80 characters; the mapping's names are compared with the inventory's. */
const inventoryName = (example: string) => plainText(255, `use the name the vCenter shows, e.g. "${example}"`);

const vmRef = z.object({ vcenter: vcenterRole, moref, name: plainText(255, 'leave it empty: the inventory names the VM') });

/**
 * The most VMs, network mappings and storage mappings one plan may list. Each VM is looked up in the
 * inventory before the plan is recorded, so 10,000 of them held the call for seconds (issue 22).
 */
export const MAX_PLAN_ENTRIES = 1000;

/** A repeated field of at most MAX_PLAN_ENTRIES entries; unset passes. */
function planList<T extends z.ZodTypeAny>(item: T, fix: string) {
  return z
    .array(item)
    .nullish()
    .superRefine((list, ctx) => {
      if (list && list.length > MAX_PLAN_ENTRIES) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `has ${list.length} entries, more than ${MAX_PLAN_ENTRIES}; ${fix}` });
    });
}

export const createPlanRequest = z.object({
  name: planName,
  vms: planList(vmRef, `split the VMs into plans (waves) of at most ${MAX_PLAN_ENTRIES}`),
  mode: migrationMode,
  networkMap: planList(z.object({ sourceNetwork: inventoryName('VM Network'), targetNetwork: inventoryName('VM Network') }), 'map only the networks of the plan\'s VMs'),
  storageMap: planList(z.object({ sourceDatastore: inventoryName('datastore1'), targetDatastore: inventoryName('datastore1') }), 'map only the datastores of the plan\'s VMs'),
  target: z
    .object({
      folder: inventoryPath('/DC0/vm'),
      resourcePool: inventoryPath('/DC0/host/DC0_C0/Resources'),
      datacenter: inventoryPath('DC0'),
    })
    .nullish(),
  concurrency: integerIn(1n, BigInt(MAX_CONCURRENCY), `set how many VMs may migrate at once (1 to ${MAX_CONCURRENCY}), or leave it unset for ${DEFAULT_CONCURRENCY}`),
  scheduledStart: scheduledStart(),
  requestId,
  maxDiskBytesPerSecond: integerIn(0n, MAX_DISK_BYTES_PER_SECOND, 'it is in bytes per second (1 TiB/s at most); leave it unset for no cap'),
  // Pre-copy: the appliance's minimum (60 s) is the plan decider's check, which names it.
  precopyIntervalSeconds: integerIn(0n, 365n * 86_400n, 'it is the seconds between two delta syncs (at most a year); leave it unset for 3600'),
  scheduledCutover: scheduledStart(Date.now, 'cut over with Cutover'),
});

export const startPlanRequest = z.object({ planId });
export const getPlanRequest = z.object({ planId });

export const setPlanDiskRateRequest = z.object({
  planId,
  maxDiskBytesPerSecond: integerIn(0n, MAX_DISK_BYTES_PER_SECOND, 'it is in bytes per second (1 TiB/s at most); use 0 to lift the cap'),
});

/** A reason is recorded in the plan's events: one line of text. */
const reason = plainText(1000, 'say in one line of at most 1000 characters why, or leave it empty');

export const cancelPlanRequest = z.object({ planId, reason });

/** Page tokens are the server's own short strings. */
export const listPageToken = plainText(200, 'send the next_page_token of the page before, or leave it empty for the first');
export const listPageSize = integerIn(0n, 500n, 'ask for at most 500 per page (0 = 50) and follow next_page_token');

export const listPlansRequest = z.object({ pageSize: listPageSize, pageToken: listPageToken });

export const watchPlanRequest = z.object({ planId });
