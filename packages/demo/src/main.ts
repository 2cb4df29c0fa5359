// npm run demo: NATS, both vCenters and all seven services on loopback, each checked and shown.
import './telemetry';
import { connect } from 'nats';
import { checkService, healthy } from './checks';
import { startSystem, SERVICE_NAMES } from './system';
import { reportTable } from './table';

const say = (line: string): void => void process.stdout.write(`[demo] ${line}\n`);

async function main(): Promise<number> {
  const began = Date.now();
  const system = await startSystem({ log: say });
  let ok = false;
  try {
    say(`all ${SERVICE_NAMES.length} services report SERVING after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    say(`NATS ${system.nats.url}`);
    if ('prem' in system.vcenters) {
      say(`prem vCenter ${system.vcenters.prem.sdkUrl} (${system.vcenters.prem.vms} VMs), cloud vCenter ${system.vcenters.cloud.sdkUrl}`);
    } else {
      say(`vCenters: pending (${system.vcenters.pending})`);
    }
    const nc = await connect({ servers: system.nats.url, name: 'demo' });
    const reports = [];
    for (const name of SERVICE_NAMES) {
      const handle = system.services.get(name);
      if (handle) reports.push(await checkService(nc, handle));
    }
    await nc.drain();
    process.stdout.write(`\n${reportTable(reports)}\n\n`);
    ok = reports.length === SERVICE_NAMES.length && reports.every(healthy) && 'prem' in system.vcenters;
  } finally {
    say('stopping everything (SIGTERM: each service drains NATS and exits)');
    const codes = await Promise.all([...system.services.values()].map(async (s) => [s.name, await s.stop()] as const));
    const unclean = codes.filter(([, code]) => code !== 0);
    if (unclean.length) say(`unclean exits: ${unclean.map(([n, c]) => `${n}=${c}`).join(', ')}`);
    ok &&= unclean.length === 0;
    await system.stop();
  }
  say(ok ? 'everything healthy' : 'NOT everything is healthy (see the table above)');
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error: Error) => {
  process.stderr.write(`[demo] failed: ${error.message}\n`);
  process.exit(1);
});
