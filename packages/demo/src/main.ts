// npm run demo: NATS, both vCenters and all seven services on loopback, each checked and shown; then a
// real cold migration of a Debian VM from the prem to the cloud vCenter, watched, compared and audited,
// then a warm one of another (the guest boots in the cloud over the cache while its disk hydrates).
// `npm run demo -- --cold` or `-- --warm` runs only that one; `-- --observe` adds Prometheus (observe.ts);
// `-- --nats-cluster` runs NATS as a 3-node cluster with every stream at R3 (docs/event-store.md, "Cluster mode").
import './telemetry';
import { SITE_SERVICES } from '@ferry/testing';
import { checkService, healthy } from './checks';
import { StepUnavailable } from './migration-watch';
import { startDemoEnvironment, type DemoEnvironment } from './cold/environment';
import { runColdMigration } from './cold/run-cold-migration';
import { makeDemoSourceVm } from './cold/source-vm';
import { startDemoCloudHost } from './warm/cloud-host';
import { runWarmMigration } from './warm/run-warm-migration';
import { makeWarmSourceVm } from './warm/source-vm';
import { reportTable } from './table';
import { holdForOperator, reportObserved, startDemoPrometheus } from './observe';
import type { PrometheusHandle } from '@ferry/testing';

const say = (line: string): void => void process.stdout.write(`[demo] ${line}\n`);
// The demo's own API clients dial 127.0.0.1 over TLS; Node's DEP0123 (an IP as TLS server name) would
// print on its first call. The certificate is still checked against the IP (subjectAltName).
process.noDeprecation = true;

async function showHealth(env: DemoEnvironment): Promise<boolean> {
  say(`NATS ${env.nats.url}; prem vCenter ${env.pair.prem.sdkUrl}, cloud vCenter ${env.pair.cloud.sdkUrl}`);
  const nc = await env.nats.connect('auditor', { name: 'demo' });
  const reports = [];
  for (const name of SITE_SERVICES) {
    const handle = env.services.get(name);
    if (handle) reports.push(await checkService(nc, handle));
  }
  await nc.drain();
  process.stdout.write(`\n${reportTable(reports)}\n\n`);
  return reports.length === SITE_SERVICES.length && reports.every(healthy);
}

/** Which migrations to run (both unless --cold or --warm names one), whether Prometheus watches (--observe), and NATS as a cluster (--nats-cluster). */
function modesOf(args: readonly string[]): { cold: boolean; warm: boolean; observe: boolean; natsNodes: number } {
  const unknown = args.filter((a) => !['--cold', '--warm', '--observe', '--nats-cluster'].includes(a));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; use --cold, --warm or neither (both), --observe for Prometheus, --nats-cluster for a 3-node NATS cluster`);
  const cold = args.includes('--cold');
  const warm = args.includes('--warm');
  const observe = args.includes('--observe');
  const natsNodes = args.includes('--nats-cluster') ? 3 : 1;
  return cold || warm ? { cold, warm, observe, natsNodes } : { cold: true, warm: true, observe, natsNodes };
}

async function runCold(env: DemoEnvironment, began: number): Promise<void> {
  const vm = await makeDemoSourceVm(env, say);
  await runColdMigration(env, vm, say);
  say(`cold migration of ${vm.name} done in ${((Date.now() - began) / 1000).toFixed(0)} s: guest-prep fixed the replica up, it equals the source except the files the fixup wrote, and the audit chain is intact`);
}

async function runWarm(env: DemoEnvironment): Promise<void> {
  const runner = await startDemoCloudHost(env, say);
  try {
    const vm = await makeWarmSourceVm(env, say);
    const figures = await runWarmMigration(env, vm, runner, say);
    say(`warm migration of ${vm.name} done:`);
    say(`  source powered off → login-ready marker over the cache: ${figures.sourceOffToMarkerSeconds.toFixed(1)} s`);
    say(`  fetched on demand before the marker: ${(figures.fetchedBeforeMarkerShare * 100).toFixed(1)}% of the disk`);
    say(`  hydration: ${figures.hydrationSeconds.toFixed(1)} s; the guest wrote ${figures.chunksWrittenInCloud} MiB in the cloud`);
    say(`  moved VMDK = source + cloud writes (qemu-img compare): ${figures.movedEqualsSourcePlusWrites ? 'identical' : 'DIFFERENT'}`);
  } finally {
    await runner.stop();
  }
}

async function main(): Promise<number> {
  const modes = modesOf(process.argv.slice(2));
  const began = Date.now();
  const env = await startDemoEnvironment(say, modes.natsNodes);
  // Ctrl-C or a timeout still stops every service and vCenter the demo started.
  const interrupted = (): void => void env.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let ok = false;
  let prometheus: PrometheusHandle | undefined;
  try {
    say(`all ${SITE_SERVICES.length} services started after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    if (!(await showHealth(env))) {
      say('NOT every service is healthy (see the table above); not migrating');
      return 1;
    }
    if (modes.observe) prometheus = await startDemoPrometheus(env, say);
    if (modes.cold) await runCold(env, began);
    if (modes.warm) await runWarm(env);
    if (prometheus) {
      await reportObserved(prometheus, say);
      await holdForOperator(prometheus, say);
    }
    ok = true;
  } catch (error) {
    if (!(error instanceof StepUnavailable)) throw error;
    say(`STEP NOT AVAILABLE: ${error.message}`);
  } finally {
    say('stopping everything (SIGTERM: each service drains NATS and exits)');
    await prometheus?.stop();
    await env.stop();
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error: Error) => {
  process.stderr.write(`[demo] failed: ${error.message}\n`);
  process.exit(1);
});
