// bench:scale's report: a table of the figures for a reader, then one JSON line last for tools.
import type { AppendProbeFigures } from './append-probe';
import type { NodeFigures, StreamFigures } from './store-figures';
import type { Verification } from './verify';

/** Everything the run measured. */
export interface ScaleFigures {
  readonly vms: number;
  readonly diskMiB: number;
  readonly concurrency: number;
  readonly natsNodes: number;
  readonly streamReplicas: number;
  readonly applianceReplicas: number;
  /** prem-manager and cloud-manager replicas. */
  readonly managerReplicas: number;
  /** Queued transfers each prem-manager replica ran to their end (from its log). */
  readonly transfersPerReplica: readonly number[];
  readonly cpus: number;
  readonly load: { readonly before: number; readonly mean: number; readonly after: number };
  readonly setupS: number;
  readonly vmCreateS: number;
  readonly wallS: number;
  readonly completed: number;
  readonly failed: number;
  readonly unfinished: number;
  readonly timedOut: boolean;
  readonly firstFailure: string;
  readonly peakRunningPolled: number;
  readonly peakRunningOverlap: number;
  /** Mean migration time of the first and the last tenth to start. */
  readonly durations: { readonly firstTenthS: number; readonly lastTenthS: number };
  /** From a migration's end to the start of the queued one taking its slot. */
  readonly refill: { readonly meanS: number; readonly maxS: number };
  readonly streamBefore: StreamFigures;
  readonly streamAfter: StreamFigures;
  readonly nodesBefore: readonly NodeFigures[];
  readonly nodesAfter: readonly NodeFigures[];
  /** The most JetStream consumers one node had while the plan ran. */
  readonly consumersPeak: number;
  /** VmRSS when the plan started, its peak and its last sample when every migration ended, and the kernel's peak. */
  readonly leaderRss: RssRow;
  readonly followerRss: RssRow;
  readonly verification: Verification;
  /** The headroom probe's levels, measured after the site stopped. */
  readonly appendCapacity: readonly AppendProbeFigures[];
}

/** One appliance's resident memory over the run, in MiB. */
export interface RssRow {
  readonly startMiB: number;
  readonly peakMiB: number;
  readonly hwmMiB: number;
  readonly endMiB: number;
}

const MiB = 2 ** 20;
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** The derived figures: rates and per-migration costs. */
export function derived(f: ScaleFigures): {
  migrationsPerMinute: number; appends: number; appendsPerSecond: number; eventsPerMigration: number; appendsPerMigration: number; streamBytesPerMigration: number;
  apiRequests: number; apiRequestsPerSecond: number; apiErrors: number;
} {
  const appends = f.streamAfter.messages - f.streamBefore.messages;
  const ended = Math.max(1, f.completed + f.failed);
  const sum = (nodes: readonly NodeFigures[], field: 'apiRequests' | 'apiErrors'): number => nodes.reduce((total, n) => total + n[field], 0);
  const apiRequests = sum(f.nodesAfter, 'apiRequests') - sum(f.nodesBefore, 'apiRequests');
  return {
    apiRequests,
    apiRequestsPerSecond: round(apiRequests / f.wallS, 1),
    apiErrors: sum(f.nodesAfter, 'apiErrors') - sum(f.nodesBefore, 'apiErrors'),
    migrationsPerMinute: round(f.completed / (f.wallS / 60), 2),
    appends,
    appendsPerSecond: round(appends / f.wallS, 2),
    eventsPerMigration: round(f.verification.events / Math.max(1, f.completed + f.failed + f.unfinished), 2),
    appendsPerMigration: round(appends / ended, 2),
    streamBytesPerMigration: Math.round((f.streamAfter.bytes - f.streamBefore.bytes) / ended),
  };
}

export function printReport(f: ScaleFigures): void {
  const d = derived(f);
  const consumers = f.nodesAfter.map((n) => n.consumers);
  const byAggregate = Object.fromEntries(Object.entries(f.streamAfter.byAggregate).map(([k, n]) => [k, n - (f.streamBefore.byAggregate[k] ?? 0)]));
  const rows: Array<[string, string]> = [
    ['topology', `${f.natsNodes}-node NATS (FERRY_EVENTS R${f.streamReplicas}), ${f.applianceReplicas} appliance replicas, ${f.managerReplicas} prem-manager and cloud-manager replicas`],
    ['transfers ended per prem-manager replica', f.transfersPerReplica.join(' / ')],
    ['machine', `${f.cpus} CPUs, load ${f.load.before.toFixed(2)} before, ${f.load.mean.toFixed(2)} mean, ${f.load.after.toFixed(2)} after`],
    ['plan', `${f.vms} VMs, one ${f.diskMiB} MiB disk each, concurrency limit ${f.concurrency}`],
    ['site start incl. VMs / VM creation alone (s)', `${f.setupS} / ${f.vmCreateS}`],
    ['completed / failed / unfinished', `${f.completed} / ${f.failed} / ${f.unfinished}${f.timedOut ? ' (timed out)' : ''}`],
    ['wall time, StartPlan → last end (s)', String(f.wallS)],
    ['migrations per minute', String(d.migrationsPerMinute)],
    ['one migration, mean of first / last tenth (s)', `${f.durations.firstTenthS} / ${f.durations.lastTenthS}`],
    ['free slot to next start, mean / max (s)', `${f.refill.meanS} / ${f.refill.maxS}`],
    ['FERRY_EVENTS appends (messages)', `${d.appends} (${d.appendsPerSecond}/s)`],
    ['JetStream API requests, all nodes (errors)', `${d.apiRequests} (${d.apiRequestsPerSecond}/s, ${round(d.apiRequests / Math.max(d.appends, 1))} per append; ${d.apiErrors} errors)`],
    ['appends by aggregate during the run', Object.entries(byAggregate).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['events per migration', String(d.eventsPerMigration)],
    ['appends per migration', String(d.appendsPerMigration)],
    ['stream bytes per migration', `${d.streamBytesPerMigration} (stream now ${round(f.streamAfter.bytes / MiB)} MiB)`],
    ['peak running (polled / from timestamps)', `${f.peakRunningPolled} / ${f.peakRunningOverlap} (limit ${f.concurrency})`],
    ['JetStream consumers: peak / per node at end', `${f.consumersPeak} / ${consumers.join(', ')}`],
    ['leader appliance RSS start → end, peak / VmHWM (MiB)', `${f.leaderRss.startMiB} → ${f.leaderRss.endMiB}, ${f.leaderRss.peakMiB} / ${f.leaderRss.hwmMiB}`],
    ['follower appliance RSS start → end, peak / VmHWM (MiB)', `${f.followerRss.startMiB} → ${f.followerRss.endMiB}, ${f.followerRss.peakMiB} / ${f.followerRss.hwmMiB}`],
    ...f.appendCapacity.map((p): [string, string] => [`R3 append capacity, ${p.writers} writers`, `${p.perSecond}/s (p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms): ${round(p.perSecond / Math.max(d.appendsPerSecond, 0.01))}x the run's rate`]),
    ['digests checked / mismatched', `${f.verification.digestsChecked} / ${f.verification.digestMismatches.length}`],
    ['replicas qemu-img compared / differing', `${f.verification.compared} / ${f.verification.compareFailures.length}`],
  ];
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(56)}${value}\n`);
  process.stdout.write(`${'time before each event, first / last tenth (ms)'.padEnd(48)}\n`);
  for (const step of f.verification.stepTimes) process.stdout.write(`  ${step.event.padEnd(46)}${String(step.firstTenthMs).padStart(8)} / ${step.lastTenthMs}\n`);
  for (const line of [...f.verification.digestMismatches, ...f.verification.compareFailures].slice(0, 10)) process.stdout.write(`  ! ${line}\n`);
  if (f.firstFailure) process.stdout.write(`  first failure: ${f.firstFailure}\n`);
  process.stdout.write(`${JSON.stringify({
    bench: 'scale', vms: f.vms, disk_mib: f.diskMiB, concurrency_limit: f.concurrency,
    nats_nodes: f.natsNodes, stream_replicas: f.streamReplicas, appliance_replicas: f.applianceReplicas, manager_replicas: f.managerReplicas, transfers_per_replica: f.transfersPerReplica,
    cpus: f.cpus, load_before: round(f.load.before, 2), load_mean: round(f.load.mean, 2), load_after: round(f.load.after, 2),
    setup_s: f.setupS, vm_create_s: f.vmCreateS, wall_s: f.wallS, completed: f.completed, failed: f.failed, unfinished: f.unfinished, timed_out: f.timedOut,
    migrations_per_min: d.migrationsPerMinute, migration_s_first_tenth: f.durations.firstTenthS, migration_s_last_tenth: f.durations.lastTenthS,
    slot_refill_mean_s: f.refill.meanS, slot_refill_max_s: f.refill.maxS, appends: d.appends, appends_per_s: d.appendsPerSecond,
    events_per_migration: d.eventsPerMigration, appends_per_migration: d.appendsPerMigration, stream_bytes_per_migration: d.streamBytesPerMigration,
    jetstream_api_requests: d.apiRequests, jetstream_api_requests_per_s: d.apiRequestsPerSecond, jetstream_api_errors: d.apiErrors,
    appends_by_aggregate: byAggregate, stream_messages: f.streamAfter.messages, stream_bytes: f.streamAfter.bytes,
    peak_running_polled: f.peakRunningPolled, peak_running_overlap: f.peakRunningOverlap, concurrency_honoured: f.peakRunningOverlap <= f.concurrency && f.peakRunningPolled <= f.concurrency,
    consumers_peak: f.consumersPeak, consumers_per_node: consumers,
    leader_rss_start_mib: f.leaderRss.startMiB, leader_rss_end_mib: f.leaderRss.endMiB, follower_rss_start_mib: f.followerRss.startMiB, follower_rss_end_mib: f.followerRss.endMiB,
    leader_rss_peak_mib: f.leaderRss.peakMiB, leader_rss_hwm_mib: f.leaderRss.hwmMiB, follower_rss_peak_mib: f.followerRss.peakMiB, follower_rss_hwm_mib: f.followerRss.hwmMiB,
    append_capacity_per_s: Object.fromEntries(f.appendCapacity.map((p) => [String(p.writers), p.perSecond])),
    append_p99_ms: Object.fromEntries(f.appendCapacity.map((p) => [String(p.writers), p.p99Ms])),
    step_ms_first_last_tenth: Object.fromEntries(f.verification.stepTimes.map((t) => [t.event, [t.firstTenthMs, t.lastTenthMs]])),
    digests_checked: f.verification.digestsChecked, digest_mismatches: f.verification.digestMismatches.length,
    replicas_compared: f.verification.compared, replicas_differing: f.verification.compareFailures.length,
  })}\n`);
}
