// npm run demo: NATS, both vCenters and all seven services on loopback, each checked and shown; then a
// real cold migration of a Debian VM from the prem to the cloud vCenter, watched, compared and audited.
import './telemetry';
import { connect } from 'nats';
import { SITE_SERVICES } from '@ferry/testing';
import { checkService, healthy } from './checks';
import { startDemoEnvironment, type DemoEnvironment } from './cold/environment';
import { runColdMigration, StepUnavailable } from './cold/run-cold-migration';
import { makeDemoSourceVm } from './cold/source-vm';
import { reportTable } from './table';

const say = (line: string): void => void process.stdout.write(`[demo] ${line}\n`);

async function showHealth(env: DemoEnvironment): Promise<boolean> {
  say(`NATS ${env.nats.url}; prem vCenter ${env.pair.prem.sdkUrl}, cloud vCenter ${env.pair.cloud.sdkUrl}`);
  const nc = await connect({ servers: env.nats.url, name: 'demo' });
  const reports = [];
  for (const name of SITE_SERVICES) {
    const handle = env.services.get(name);
    if (handle) reports.push(await checkService(nc, handle));
  }
  await nc.drain();
  process.stdout.write(`\n${reportTable(reports)}\n\n`);
  return reports.length === SITE_SERVICES.length && reports.every(healthy);
}

async function main(): Promise<number> {
  const began = Date.now();
  const env = await startDemoEnvironment(say);
  // Ctrl-C or a timeout still stops every service and vCenter the demo started.
  const interrupted = (): void => void env.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let ok = false;
  try {
    say(`all ${SITE_SERVICES.length} services started after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    if (!(await showHealth(env))) {
      say('NOT every service is healthy (see the table above); not migrating');
      return 1;
    }
    const vm = await makeDemoSourceVm(env, say);
    await runColdMigration(env, vm, say);
    say(`cold migration of ${vm.name} done in ${((Date.now() - began) / 1000).toFixed(0)} s: guest-prep fixed the replica up, it equals the source except the files the fixup wrote, and the audit chain is intact`);
    ok = true;
  } catch (error) {
    if (!(error instanceof StepUnavailable)) throw error;
    say(`STEP NOT AVAILABLE: ${error.message}`);
  } finally {
    say('stopping everything (SIGTERM: each service drains NATS and exits)');
    await env.stop();
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error: Error) => {
  process.stderr.write(`[demo] failed: ${error.message}\n`);
  process.exit(1);
});
