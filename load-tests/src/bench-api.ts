// npm run bench:api — the integrator API (ferry.api.v1.Ferry) under load, on the built appliance with
// the inventory service, NATS and a vcsim pair (no data plane), beside a minimal grpc-js server that
// answers fixed replies as the framework floor (the peer, a process of its own):
// - ListVms and GetMigration: BENCH_API_CONCURRENCY callers (50) back to back for BENCH_API_SECONDS (15);
// - WatchMigration: 100, 500 and 1,000 streams opened at once on BENCH_API_CHANNELS connections (10),
//   time to each one's first snapshot, then held (100 and 500 for BENCH_API_SECONDS, 1,000 for
//   BENCH_API_HOLD_S = 60) with the server's VmRSS sampled every second, and GetMigration called from a
//   separate connection every 50 ms during the 1,000-stream hold.
// Targets: 1,000 streams held 60 s with no error; appliance peak RSS < 512 MiB.
// Prints a table, then one JSON line last.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { LIST_VMS_REQUEST, startApiSite, type ApiSite } from './api/site';
import { apiChannels } from './api/calls';
import { unaryLoad, watchLoad, type UnaryFigures, type WatchFigures } from './api/load';
import { startPeer, type Peer } from './api/peer';
import { printReport } from './api/report';
import { memoryOf, sampleRss } from './api/rss';

const CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 50);
const CHANNELS = Number(process.env.BENCH_API_CHANNELS ?? 10);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 15);
const HOLD_S = Number(process.env.BENCH_API_HOLD_S ?? 60);
const MIGRATIONS = Number(process.env.BENCH_API_MIGRATIONS ?? 4);
const WARM_UP_S = 2;
const PROBE_EVERY_MS = 50;
const SNAPSHOT_TIMEOUT_S = 60;
const RSS_LIMIT_MIB = 512;
const TARGET_STREAMS = 1000;
const TARGET_HOLD_S = 60;
const STEPS = [
  { streams: 100, holdS: SECONDS },
  { streams: 500, holdS: SECONDS },
  { streams: TARGET_STREAMS, holdS: HOLD_S, probe: true },
];

const say = (line: string): void => void process.stderr.write(`bench:api: ${line}\n`);

/** One server under test: the appliance or the peer. */
interface Target {
  readonly name: 'appliance' | 'peer';
  readonly address: string;
  readonly pid: number;
  /** TLS trusting the site CA, with the operator's token (the peer ignores it). */
  readonly credentials: ChannelCredentials;
}

async function unaryBoth(targets: readonly Target[], method: string, request: (i: number) => object): Promise<{ appliance: UnaryFigures; peer: UnaryFigures }> {
  const figures: Partial<Record<Target['name'], UnaryFigures>> = {};
  for (const target of targets) {
    const clients = apiChannels(target.address, CHANNELS, target.credentials);
    try {
      await unaryLoad({ clients, method, request, concurrency: CONCURRENCY, seconds: WARM_UP_S, serverPid: target.pid }); // JIT, connections
      say(`${method} on the ${target.name}: ${CONCURRENCY} callers for ${SECONDS} s`);
      const run = await unaryLoad({ clients, method, request, concurrency: CONCURRENCY, seconds: SECONDS, serverPid: target.pid });
      say(`  ${run.perSecond} calls/s, p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, ${run.errors} error(s)`);
      figures[target.name] = run;
    } finally {
      for (const client of clients) client.close();
    }
  }
  return { appliance: figures.appliance!, peer: figures.peer! };
}

async function watchBoth(site: ApiSite, targets: readonly Target[], step: (typeof STEPS)[number]): Promise<{ appliance: WatchFigures; peer: WatchFigures }> {
  const figures: Partial<Record<Target['name'], WatchFigures>> = {};
  for (const target of targets) {
    say(`WatchMigration on the ${target.name}: ${step.streams} streams on ${CHANNELS} connections, held ${step.holdS} s${step.probe ? `, GetMigration every ${PROBE_EVERY_MS} ms meanwhile` : ''}`);
    const run = await watchLoad({
      address: target.address, credentials: target.credentials, channels: CHANNELS, streams: step.streams, holdS: step.holdS, migrationIds: site.migrationIds, serverPid: target.pid,
      snapshotTimeoutS: SNAPSHOT_TIMEOUT_S,
      ...(step.probe ? { probe: { method: 'GetMigration', request: { migrationId: site.migrationIds[0] }, everyMs: PROBE_EVERY_MS } } : {}),
    });
    say(`  first snapshot p50 ${run.firstSnapshot.p50} ms, p99 ${run.firstSnapshot.p99} ms; ${run.openAtEnd}/${run.streams} open at the end, ${run.errors} error(s); RSS peak ${run.rss.peakMiB} MiB`);
    figures[target.name] = run;
  }
  return { appliance: figures.appliance!, peer: figures.peer! };
}

async function main(): Promise<void> {
  if (![CONCURRENCY, CHANNELS, SECONDS, HOLD_S, MIGRATIONS].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`BENCH_API_CONCURRENCY=${CONCURRENCY}, BENCH_API_CHANNELS=${CHANNELS}, BENCH_API_SECONDS=${SECONDS}, BENCH_API_HOLD_S=${HOLD_S}, BENCH_API_MIGRATIONS=${MIGRATIONS}: whole numbers above 0`);
  }
  // Everything this process and the services put under tmpdir() (NATS's data, vcsim's, the services'
  // log files) lands under root, which is removed at the end.
  const root = await mkdtemp(join(tmpdir(), 'ferry-bench-api-'));
  process.env.TMPDIR = root;
  let site: ApiSite | undefined;
  let peer: Peer | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await peer?.stop().catch((error: unknown) => say(`stopping the peer: ${String(error)}`));
      await site?.stop().catch((error: unknown) => say(`stopping the site: ${String(error)}`));
      await rm(root, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    site = await startApiSite(MIGRATIONS, say);
    const caDir = site.appliance.env['CA_DIR']!;
    peer = await startPeer(site.listVmsReply, site.migrationReply, { cert: await readFile(join(caDir, 'appliance-api.crt')), key: await readFile(join(caDir, 'appliance-api.key')) });
    const appliancePid = site.appliance.pid;
    if (appliancePid === undefined) throw new Error('the appliance has no pid');
    const credentials = site.access.credentials('operator');
    const targets: Target[] = [{ name: 'appliance', address: site.address, pid: appliancePid, credentials }, { name: 'peer', address: peer.address, pid: peer.pid, credentials }];
    const applianceRss = sampleRss(appliancePid);
    const peerRss = sampleRss(peer.pid);

    const ids = site.migrationIds;
    const unary = [
      await unaryBoth(targets, 'ListVms', () => LIST_VMS_REQUEST),
      await unaryBoth(targets, 'GetMigration', (i) => ({ migrationId: ids[i % ids.length] })),
    ];
    const watch = [];
    for (const step of STEPS) watch.push(await watchBoth(site, targets, step));

    const [applianceSeen, peerSeen, hwm] = [await applianceRss.stop(), await peerRss.stop(), await memoryOf(appliancePid)];
    printReport({
      cpus: cpus().length, loadBefore, loadAfter: loadavg()[0] ?? 0, vms: site.vms, migrations: ids.length, concurrency: CONCURRENCY, channels: CHANNELS,
      unary, watch,
      applianceRssPeakMiB: applianceSeen.peakMiB, applianceHwmMiB: Math.round(hwm.hwmMiB * 10) / 10, peerRssPeakMiB: peerSeen.peakMiB,
      targetStreams: TARGET_STREAMS, targetHoldS: TARGET_HOLD_S, rssLimitMiB: RSS_LIMIT_MIB,
    });
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
