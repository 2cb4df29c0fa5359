// npm run bench:scale — the scale model (issue 18 item 6): ONE cold plan of BENCH_SCALE_VMS VMs (500)
// with one small disk each (BENCH_SCALE_DISK_MIB, 4 MiB of random, text and zero regions) through the
// integrator API of a site in cluster mode: a 3-node nats-server cluster with R3 streams and two
// appliance replicas (one leads and runs the migrations, the bench calls the other), and
// BENCH_SCALE_MANAGER_REPLICAS (2) prem-manager replicas taking the transfer jobs from the queue and
// cloud-manager replicas sharing the target storage.
// Waits for every migration to end (BENCH_SCALE_TIMEOUT_MIN), checks each outcome (every digest
// against its source, a sample by qemu-img compare), then prints migrations per minute, event-store
// appends per second, events per migration, the appliances' RSS, JetStream consumers and the peak of
// migrations under way against the plan's concurrency limit (BENCH_SCALE_CONCURRENCY) and, measured
// once the site stopped, the headroom: appends per second the event store takes on a fresh 3-node R3
// cluster on this machine (BENCH_SCALE_PROBE_S per level). A table, then one JSON line last;
// docs/scale.md reads the figures. The prem VMs are made before the services start (scale/site.ts says why).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import type { ServiceHandle } from '@ferry/testing';
import { memoryOf, sampleRss } from './api/rss';
import { durationDrift, peakOverlap, refillLatency, startPlan, waitForInventory, waitForPlan } from './scale/plan-run';
import { heapSnapshotNodeOptions, takeHeapSnapshots } from './scale/heap-snapshots';
import { printReport, type ScaleFigures } from './scale/report';
import { probeAppends } from './scale/append-probe';
import { startScaleSite, type ScaleSite } from './scale/site';
import { makeScaleVms, type ScaleVm } from './scale/source-vms';
import { eventStream, nodeFigures, sampleConsumers } from './scale/store-figures';
import { verifyOutcomes } from './scale/verify';

import mig = ferry.migration.v1;

const SETTINGS = {
  vms: Number(process.env.BENCH_SCALE_VMS ?? 500),
  diskMiB: Number(process.env.BENCH_SCALE_DISK_MIB ?? 4),
  concurrency: Number(process.env.BENCH_SCALE_CONCURRENCY ?? 16),
  timeoutMin: Number(process.env.BENCH_SCALE_TIMEOUT_MIN ?? 90),
  compareSample: Number(process.env.BENCH_SCALE_COMPARE_SAMPLE ?? 20),
  probeSeconds: Number(process.env.BENCH_SCALE_PROBE_S ?? 10),
};
/** When set, the appliances write heap snapshots there: when the plan started and when every migration ended (scale/heap-snapshots.ts). */
const HEAP_DIR = process.env.BENCH_SCALE_HEAP_DIR ?? '';
const HELP = `npm run bench:scale — one cold plan of many small VMs through a whole site in cluster mode (docs/scale.md).
Settings (environment, whole numbers above 0):
  BENCH_SCALE_VMS (500)           VMs in the plan, one disk each
  BENCH_SCALE_DISK_MIB (4)        size of each disk
  BENCH_SCALE_CONCURRENCY (16)    the plan's concurrency limit
  BENCH_SCALE_TIMEOUT_MIN (90)    how long to wait for every migration to end
  BENCH_SCALE_COMPARE_SAMPLE (20) replicas compared with their source by qemu-img
  BENCH_SCALE_PROBE_S (10)        seconds per level of the append headroom probe
  BENCH_SCALE_HEAP_DIR (unset)    a folder: heap snapshots of both appliances at the plan's start and end
Small first: BENCH_SCALE_VMS=20 npm run bench:scale. Prints a table, then one JSON line last.
`;
/** Writers of the headroom probe: the plan's default limit, and four times it. */
const PROBE_WRITERS = [16, 64];
/** About the payload of one appended migration event (the run stores about 1 KiB per message, headers included). */
const PROBE_EVENT_BYTES = 600;
/** VMs created at once on the prem vCenter while the bench sets up. */
const CREATE_PARALLEL = 8;
const POLL_MS = 2000;
/** Queued transfers each prem-manager replica ran to their end, as its log says ("…: completed, reported to the queue"). */
function transfersPerReplica(replicas: readonly ServiceHandle[]): number[] {
  return replicas.map((replica) => (replica.log().match(/: completed, reported to the queue/g) ?? []).length);
}

/** prem-manager and cloud-manager replicas the site runs (transfer jobs go through the queue, docs/transfer-queue.md). */
const MANAGER_REPLICAS = Math.max(1, Number(process.env.BENCH_SCALE_MANAGER_REPLICAS ?? 2) || 2);
// Tuned as the e2e tests tune a site: vcsim's guests have no tools, so the shutdown wait is short.
const APPLIANCE_ENV = {
  GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '250', STEP_RETRY_BACKOFF_MS: '500',
  ...(HEAP_DIR ? { NODE_OPTIONS: heapSnapshotNodeOptions(HEAP_DIR) } : {}),
};

const say = (line: string): void => void process.stderr.write(`bench:scale: ${line}\n`);
const seconds = (ms: number): number => Number((ms / 1000).toFixed(1));
/** The site while it runs, so a signal can stop its processes too. */
let running: ScaleSite | undefined;

function checkSettings(): void {
  const bad = Object.entries(SETTINGS).filter(([, n]) => !Number.isInteger(n) || n < 1);
  if (bad.length > 0) throw new Error(`${bad.map(([k, n]) => `${k}=${n}`).join(', ')}: BENCH_SCALE_VMS, _DISK_MIB, _CONCURRENCY, _TIMEOUT_MIN, _COMPARE_SAMPLE and _PROBE_S take whole numbers above 0`);
}

/** Samples the 1-minute load average every `everyMs`; stop() gives the mean. */
function sampleLoad(everyMs: number): { stop(): number } {
  const seen: number[] = [];
  const timer = setInterval(() => seen.push(loadavg()[0] ?? 0), everyMs);
  return { stop: () => (clearInterval(timer), seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : (loadavg()[0] ?? 0)) };
}

async function run(): Promise<Omit<ScaleFigures, 'appendCapacity'>> {
  const loadBefore = loadavg()[0] ?? 0;
  say(`${SETTINGS.vms} VMs of ${SETTINGS.diskMiB} MiB, concurrency ${SETTINGS.concurrency}; ${cpus().length} CPUs, load ${loadBefore.toFixed(2)}`);
  say(`topology: 3 nats-server nodes (R3), 2 appliance replicas, prem-manager and cloud-manager ${MANAGER_REPLICAS} replicas each (transfers through the queue)`);
  const setupStarted = Date.now();
  let site: ScaleSite | undefined;
  let vms: ScaleVm[] = [];
  let vmCreateS = 0;
  try {
    site = running = await startScaleSite({
      managerReplicas: MANAGER_REPLICAS,
      applianceEnv: APPLIANCE_ENV, log: say,
      fillPrem: async (prem, premVc, siteDir) => {
        const vmStarted = Date.now();
        vms = await makeScaleVms(prem, premVc, {
          count: SETTINGS.vms, diskMiB: SETTINGS.diskMiB, parallel: CREATE_PARALLEL, workDir: siteDir,
          onProgress: (made) => made % 50 === 0 && say(`${made} VMs made`),
        });
        vmCreateS = seconds(Date.now() - vmStarted);
      },
    });
    await waitForInventory(site, vms, 300_000);
    const setupS = seconds(Date.now() - setupStarted);
    say(`${vms.length} VMs made in ${vmCreateS} s; site up and the inventory lists them ${setupS} s after the start; ${site.leader.env.API_PORT} leads, the bench calls ${site.follower.env.API_PORT}`);

    // Before the samplers start: a snapshot pauses the process and grows its RSS for a while.
    const appliancePids = [site.leader.pid ?? 0, site.follower.pid ?? 0];
    if (HEAP_DIR) say(`heap snapshots before the plan (leader, follower): ${(await takeHeapSnapshots(HEAP_DIR, appliancePids)).join(', ')}`);
    const streamBefore = await eventStream(site.site);
    const nodesBefore = await nodeFigures(site.site);
    const leaderRss = sampleRss(site.leader.pid ?? 0);
    const followerRss = sampleRss(site.follower.pid ?? 0);
    const load = sampleLoad(5000);
    const consumers = sampleConsumers(site.site, POLL_MS);
    const { planId } = await startPlan(site, vms, SETTINGS.concurrency);
    say(`plan ${planId} started: ${vms.length} migrations`);
    let saidBucket = -1;
    const outcome = await waitForPlan(site, planId, vms.length, {
      timeoutMs: SETTINGS.timeoutMin * 60_000, everyMs: POLL_MS,
      onPoll: (ended, underWay, completed) => {
        if (Math.floor(ended / 25) === saidBucket) return;
        saidBucket = Math.floor(ended / 25);
        say(`${ended}/${vms.length} ended (${completed} completed), ${underWay} under way`);
      },
    });
    const loadMean = load.stop();
    const consumersPeak = await consumers.stop();
    const [leaderSeen, followerSeen] = [await leaderRss.stop(), await followerRss.stop()];
    const [leaderMem, followerMem] = [await memoryOf(site.leader.pid ?? 0), await memoryOf(site.follower.pid ?? 0)];
    if (HEAP_DIR) say(`heap snapshots after the plan: ${(await takeHeapSnapshots(HEAP_DIR, appliancePids)).join(', ')}`);
    const streamAfter = await eventStream(site.site);
    const nodesAfter = await nodeFigures(site.site);
    say('checking outcomes: every digest against its source, a sample by qemu-img compare');
    const verification = await verifyOutcomes(site, vms, outcome.migrations, SETTINGS.compareSample);
    const byPhase = (phase: mig.Phase): number => outcome.migrations.filter((m) => m.phase === phase).length;
    const completed = byPhase(mig.Phase.PHASE_COMPLETED);
    const failed = byPhase(mig.Phase.PHASE_FAILED) + byPhase(mig.Phase.PHASE_CANCELLED);
    const firstFailure = outcome.migrations.find((m) => m.phase === mig.Phase.PHASE_FAILED);
    return {
      vms: vms.length, diskMiB: SETTINGS.diskMiB, concurrency: SETTINGS.concurrency,
      natsNodes: nodesAfter.length, streamReplicas: streamAfter.replicas, applianceReplicas: site.site.appliances.length, managerReplicas: MANAGER_REPLICAS, transfersPerReplica: transfersPerReplica(site.site.premManagers),
      cpus: cpus().length, load: { before: loadBefore, mean: loadMean, after: loadavg()[0] ?? 0 },
      setupS, vmCreateS, wallS: seconds(outcome.wallMs), completed, failed, unfinished: vms.length - completed - failed, timedOut: outcome.timedOut,
      firstFailure: firstFailure ? `${firstFailure.id}: ${firstFailure.failureReason}` : '',
      peakRunningPolled: outcome.peakRunningPolled, peakRunningOverlap: peakOverlap(outcome.migrations), durations: durationDrift(outcome.migrations), refill: refillLatency(outcome.migrations, SETTINGS.concurrency),
      streamBefore, streamAfter, nodesBefore, nodesAfter, consumersPeak,
      leaderRss: { startMiB: leaderSeen.startMiB, peakMiB: leaderSeen.peakMiB, hwmMiB: Math.round(leaderMem.hwmMiB), endMiB: leaderSeen.endMiB },
      followerRss: { startMiB: followerSeen.startMiB, peakMiB: followerSeen.peakMiB, hwmMiB: Math.round(followerMem.hwmMiB), endMiB: followerSeen.endMiB },
      verification,
    };
  } catch (error) {
    const tail = site?.leader.log().split('\n').slice(-30).join('\n');
    if (tail) say(`leading appliance's log (last lines):\n${tail}`);
    throw error;
  } finally {
    running = undefined;
    await site?.stop().catch((error: unknown) => say(`stopping the site: ${String(error)}`));
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) return void process.stdout.write(HELP);
  checkSettings();
  // What the site and its services put under tmpdir() (NATS stores, vcsim datastores, logs) lands under root, removed at the end.
  const root = await mkdtemp(join(tmpdir(), 'ferry-bench-scale-'));
  process.env.TMPDIR = root;
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${signal}: stopping the site and removing ${root}`);
    void (running?.stop() ?? Promise.resolve()).catch(() => undefined).then(() => rm(root, { recursive: true, force: true })).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const figures = await run();
    say(`headroom: appends per second the store takes on a fresh 3-node R3 cluster, ${PROBE_WRITERS.join(' and ')} writers, ${SETTINGS.probeSeconds} s each`);
    // The plan's figures are printed even when the probe cannot run; the report then has no capacity rows.
    const appendCapacity = await probeAppends(PROBE_WRITERS, SETTINGS.probeSeconds, PROBE_EVENT_BYTES).catch((error: unknown) => {
      say(`the headroom probe failed, no capacity figures: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
      return [];
    });
    printReport({ ...figures, appendCapacity });
    const { completed, vms, verification } = figures;
    if (completed !== vms || verification.digestMismatches.length > 0 || verification.compareFailures.length > 0) process.exitCode = 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scale failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
