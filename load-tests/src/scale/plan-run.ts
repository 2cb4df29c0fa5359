// bench:scale's plan, as an integrator runs one: wait until the inventory lists every bench VM with
// its disk, CreatePlan of all of them, StartPlan, then poll ListMigrations of the plan until every
// migration ended (or the timeout). Each poll also counts the migrations under way, so the report can
// show the peak next to the plan's concurrency limit.
import { ferry } from '@ferry/proto';
import type { ScaleVm } from './source-vms';
import type { ScaleSite } from './site';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const PAGE = 500;
const ENDED = new Set([mig.Phase.PHASE_COMPLETED, mig.Phase.PHASE_FAILED, mig.Phase.PHASE_CANCELLED]);

/** What the wait saw. */
export interface PlanOutcome {
  readonly planId: string;
  readonly migrations: readonly api.IMigration[];
  /** From StartPlan until the last migration ended. */
  readonly wallMs: number;
  /** The most migrations seen between planned and ended at one poll. */
  readonly peakRunningPolled: number;
  readonly timedOut: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until ListVms shows every bench VM with one disk. */
export async function waitForInventory(site: ScaleSite, vms: readonly ScaleVm[], timeoutMs: number): Promise<void> {
  const wanted = new Set(vms.map((vm) => vm.moref));
  for (const deadline = Date.now() + timeoutMs; ; ) {
    let seen = 0;
    let pageToken = '';
    do {
      const page = await site.call<api.ListVmsResponse>('ListVms', { vcenter: 'prem', nameFilter: 'scale-', pageSize: PAGE, pageToken });
      seen += page.vms.filter((vm) => wanted.has(vm.ref?.moref ?? '') && (vm.disks ?? []).length === 1).length;
      pageToken = page.nextPageToken;
    } while (pageToken);
    if (seen === wanted.size) return;
    if (Date.now() > deadline) throw new Error(`the inventory shows ${seen} of the ${wanted.size} bench VMs with their disk after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

/** Creates one plan of every VM (cold, `concurrency` at once) and starts it; returns the plan id and its migration ids. */
export async function startPlan(site: ScaleSite, vms: readonly ScaleVm[], concurrency: number): Promise<{ planId: string; migrationIds: string[] }> {
  const premDs = site.site.pair.prem.datastores[0]!.name;
  const cloudDs = site.site.pair.cloud.datastores[0]!.name;
  const plan = await site.call<api.Plan>('CreatePlan', {
    requestId: `bench-scale-${vms.length}`, name: `bench scale ${vms.length}`, concurrency, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: vms.map((vm) => ({ vcenter: 'prem', moref: vm.moref })),
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: premDs, targetDatastore: cloudDs }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  } satisfies api.ICreatePlanRequest, 60_000);
  const started = await site.call<api.Plan>('StartPlan', { planId: plan.id }, 60_000);
  if (started.migrationIds.length !== vms.length) throw new Error(`StartPlan of ${plan.id} made ${started.migrationIds.length} migrations for ${vms.length} VMs`);
  return { planId: plan.id, migrationIds: started.migrationIds };
}

async function listPlanMigrations(site: ScaleSite, planId: string): Promise<api.IMigration[]> {
  const all: api.IMigration[] = [];
  let pageToken = '';
  do {
    const page = await site.call<api.ListMigrationsResponse>('ListMigrations', { planId, pageSize: PAGE, pageToken });
    all.push(...page.migrations);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** Polls every `everyMs` until all `expected` migrations ended; `onPoll` hears the counts. */
export async function waitForPlan(
  site: ScaleSite, planId: string, expected: number, options: { timeoutMs: number; everyMs: number; onPoll?: (ended: number, running: number, completed: number) => void },
): Promise<PlanOutcome> {
  const started = Date.now();
  let peak = 0;
  let last: api.IMigration[] = [];
  for (;;) {
    last = await listPlanMigrations(site, planId).catch(() => last);
    const ended = last.filter((m) => ENDED.has(m.phase ?? mig.Phase.PHASE_UNSPECIFIED)).length;
    const running = last.length - ended;
    peak = Math.max(peak, running);
    options.onPoll?.(ended, running, last.filter((m) => m.phase === mig.Phase.PHASE_COMPLETED).length);
    if (ended === expected) return { planId, migrations: last, wallMs: Date.now() - started, peakRunningPolled: peak, timedOut: false };
    if (Date.now() - started > options.timeoutMs) return { planId, migrations: last, wallMs: Date.now() - started, peakRunningPolled: peak, timedOut: true };
    await sleep(options.everyMs);
  }
}

const millis = (t: ferry.common.v1.ITimestamp | null | undefined): number => Number(t?.unixMillis ?? 0);

/**
 * Mean seconds from planned to ended of the first and the last tenth of the ended migrations (in the
 * order they started): a migration that takes longer late in the plan shows a cost growing with it.
 */
export function durationDrift(migrations: readonly api.IMigration[]): { firstTenthS: number; lastTenthS: number } {
  const ended = migrations.filter((m) => ENDED.has(m.phase ?? mig.Phase.PHASE_UNSPECIFIED)).sort((a, b) => millis(a.startedAt) - millis(b.startedAt));
  const tenth = Math.max(1, Math.floor(ended.length / 10));
  const mean = (some: readonly api.IMigration[]): number => Number((some.reduce((sum, m) => sum + millis(m.updatedAt) - millis(m.startedAt), 0) / Math.max(1, some.length) / 1000).toFixed(1));
  return { firstTenthS: mean(ended.slice(0, tenth)), lastTenthS: mean(ended.slice(-tenth)) };
}

/**
 * Seconds from a migration's end to the start of the queued one that took its slot, once every slot
 * was in use (the k-th start after the first `limit` took the slot of the (k - limit)-th end): how
 * long the scheduler leaves a free slot empty.
 */
export function refillLatency(migrations: readonly api.IMigration[], limit: number): { meanS: number; maxS: number } {
  const ended = migrations.filter((m) => ENDED.has(m.phase ?? mig.Phase.PHASE_UNSPECIFIED));
  const starts = ended.map((m) => millis(m.startedAt)).sort((a, b) => a - b);
  const ends = ended.map((m) => millis(m.updatedAt)).sort((a, b) => a - b);
  const gaps = starts.slice(limit).map((start, k) => Math.max(0, start - ends[k]!));
  const seconds = (ms: number): number => Number((ms / 1000).toFixed(2));
  return { meanS: seconds(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)), maxS: seconds(Math.max(0, ...gaps)) };
}

/**
 * The most migrations that overlapped, from each one's start (planned) and last update (its end, once
 * ended): the limit the scheduler honoured, independent of the poll interval.
 */
export function peakOverlap(migrations: readonly api.IMigration[]): number {
  const edges = migrations
    .filter((m) => ENDED.has(m.phase ?? mig.Phase.PHASE_UNSPECIFIED))
    .flatMap((m) => [{ at: millis(m.startedAt), step: 1 }, { at: millis(m.updatedAt), step: -1 }])
    // At the same millisecond an end comes before a start: the scheduler starts the next one after a slot frees.
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.step));
  return peak;
}
