// bench:api's table and its one JSON line.
import type { ProbeFigures, UnaryFigures, WatchFigures } from './load';

/** Everything bench:api measured. */
export interface ApiBenchFigures {
  cpus: number;
  loadBefore: number;
  loadAfter: number;
  vms: number;
  migrations: number;
  concurrency: number;
  channels: number;
  unary: { appliance: UnaryFigures; peer: UnaryFigures }[];
  watch: { appliance: WatchFigures; peer: WatchFigures }[];
  /** Largest VmRSS sample of the appliance over every measured step; VmHWM is the kernel's peak since it started. */
  applianceRssPeakMiB: number;
  applianceHwmMiB: number;
  peerRssPeakMiB: number;
  /** The step the targets are judged on (the most streams). */
  targetStreams: number;
  targetHoldS: number;
  rssLimitMiB: number;
}

const f1 = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(1));
const f2 = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(2));
const r2 = (v: number): number => Math.round(v * 100) / 100;
const kinds = (k: Record<string, number>): string => Object.entries(k).map(([what, n]) => `${n}× ${what}`).join('; ');

/** Did the appliance hold the target step's streams for its hold with no error? */
export function streamsTargetMet(f: ApiBenchFigures): { pass: boolean; why: string } {
  const step = f.watch.find((w) => w.appliance.streams === f.targetStreams)?.appliance;
  if (!step) return { pass: false, why: `no ${f.targetStreams}-stream step ran` };
  if (step.holdS < f.targetHoldS) return { pass: false, why: `held ${step.holdS} s, not ${f.targetHoldS} s (BENCH_API_HOLD_S)` };
  const pass = step.errors === 0 && step.openAtEnd === step.streams;
  return { pass, why: `${step.openAtEnd} of ${step.streams} open after ${step.holdS} s, ${step.errors} stream error(s)${step.errors ? `: ${kinds(step.errorKinds)}` : ''}` };
}

function unaryTable(f: ApiBenchFigures): string[] {
  const header = `  ${'method'.padEnd(14)}${'server'.padEnd(11)}${'calls'.padStart(8)}${'calls/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'errors'.padStart(8)}${'srv CPU-s'.padStart(11)}`;
  const row = (server: string, u: UnaryFigures): string =>
    `  ${u.method.padEnd(14)}${server.padEnd(11)}${String(u.ok).padStart(8)}${String(u.perSecond).padStart(9)}${f2(u.latency.p50).padStart(9)}${f2(u.latency.p99).padStart(9)}${f2(u.latency.max).padStart(9)}${String(u.errors).padStart(8)}${f1(u.serverCpuS).padStart(11)}`;
  const first = f.unary[0]?.appliance;
  const lines = [`Unary calls: ${f.concurrency} callers back to back on ${f.channels} connections, ${first?.seconds ?? '-'} s per row (latency of the calls answered OK)`, header];
  for (const u of f.unary) {
    lines.push(row('appliance', u.appliance), row('peer', u.peer));
    for (const [server, x] of [['appliance', u.appliance], ['peer', u.peer]] as const) if (x.errors) lines.push(`    ${server} errors: ${kinds(x.errorKinds)}`);
  }
  return lines;
}

function watchTable(f: ApiBenchFigures): string[] {
  const header = `  ${'server'.padEnd(11)}${'streams'.padStart(8)}${'hold s'.padStart(8)}${'snaps'.padStart(7)}${'1st p50 ms'.padStart(12)}${'1st p99 ms'.padStart(12)}${'all in s'.padStart(10)}${'errors'.padStart(8)}${'open end'.padStart(10)}${'RSS start'.padStart(11)}${'RSS peak'.padStart(10)}${'CPU-s'.padStart(8)}`;
  const row = (server: string, w: WatchFigures): string =>
    `  ${server.padEnd(11)}${String(w.streams).padStart(8)}${String(w.holdS).padStart(8)}${String(w.snapshots).padStart(7)}${f1(w.firstSnapshot.p50).padStart(12)}${f1(w.firstSnapshot.p99).padStart(12)}${f2(w.openAllS).padStart(10)}${String(w.errors).padStart(8)}${String(w.openAtEnd).padStart(10)}${f1(w.rss.startMiB).padStart(11)}${f1(w.rss.peakMiB).padStart(10)}${f1(w.serverCpuS).padStart(8)}`;
  const lines = [`WatchMigration: streams opened at once on ${f.channels} connections, each held after its first snapshot (RSS of the server process, MiB)`, header];
  for (const w of f.watch) {
    lines.push(row('appliance', w.appliance), row('peer', w.peer));
    for (const [server, x] of [['appliance', w.appliance], ['peer', w.peer]] as const) if (x.errors) lines.push(`    ${server} stream errors: ${kinds(x.errorKinds)}`);
  }
  const probed = f.watch.filter((w) => w.appliance.probe);
  for (const w of probed) {
    const p = (server: string, x: ProbeFigures | undefined): string =>
      x ? `  ${server.padEnd(11)}${String(x.latency.n).padStart(6)} calls  p50 ${f2(x.latency.p50)} ms  p99 ${f2(x.latency.p99)} ms  max ${f2(x.latency.max)} ms  errors ${x.errors}${x.errors ? ` (${kinds(x.errorKinds)})` : ''}` : `  ${server}: -`;
    lines.push(`${w.appliance.probe!.method} from a separate connection every ${w.appliance.probe!.everyMs} ms during the ${w.appliance.streams}-stream hold:`, p('appliance', w.appliance.probe), p('peer', w.peer.probe));
  }
  return lines;
}

export function printReport(f: ApiBenchFigures): void {
  const streams = streamsTargetMet(f);
  const rssPass = f.applianceRssPeakMiB < f.rssLimitMiB;
  const lines = [
    `bench:api — ferry.api.v1.Ferry on the appliance (inventory service, NATS, vcsim; no data plane) beside a minimal grpc-js peer answering fixed replies`,
    `${f.cpus} CPUs, load average ${f.loadBefore.toFixed(2)} before, ${f.loadAfter.toFixed(2)} after; ListVms answers ${f.vms} VMs; ${f.migrations} migration(s), PHASE_PLANNED`,
    '',
    ...unaryTable(f),
    '',
    ...watchTable(f),
    '',
    `Appliance RSS: peak sample ${f1(f.applianceRssPeakMiB)} MiB over the measured steps (VmHWM since start ${f1(f.applianceHwmMiB)} MiB); peer peak ${f1(f.peerRssPeakMiB)} MiB`,
    'Targets',
    `  ${streams.pass ? 'PASS' : 'FAIL'}  ${f.targetStreams.toLocaleString('en-US')} WatchMigration streams held ${f.targetHoldS} s with no error: ${streams.why}`,
    `  ${rssPass ? 'PASS' : 'FAIL'}  appliance peak RSS < ${f.rssLimitMiB} MiB: ${f1(f.applianceRssPeakMiB)} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const unary = (u: UnaryFigures) => ({ calls: u.ok, per_s: u.perSecond, p50_ms: r2(u.latency.p50), p99_ms: r2(u.latency.p99), errors: u.errors, server_cpu_s: u.serverCpuS });
  const watch = (w: WatchFigures) => ({
    streams: w.streams, hold_s: w.holdS, first_snapshot_p50_ms: r2(w.firstSnapshot.p50), first_snapshot_p99_ms: r2(w.firstSnapshot.p99),
    errors: w.errors, open_at_end: w.openAtEnd, rss_peak_mib: w.rss.peakMiB, server_cpu_s: w.serverCpuS,
  });
  const probe = (p: ProbeFigures | undefined) => (p ? { calls: p.latency.n, p50_ms: r2(p.latency.p50), p99_ms: r2(p.latency.p99), max_ms: r2(p.latency.max), errors: p.errors } : null);
  const byMethod = Object.fromEntries(f.unary.map((u) => [u.appliance.method, { appliance: unary(u.appliance), peer: unary(u.peer) }]));
  const probed = f.watch.find((w) => w.appliance.probe);
  const json = {
    cpus: f.cpus, load_before: r2(f.loadBefore), load_after: r2(f.loadAfter), concurrency: f.concurrency, channels: f.channels,
    ...byMethod,
    watch: { appliance: f.watch.map((w) => watch(w.appliance)), peer: f.watch.map((w) => watch(w.peer)) },
    get_migration_during_hold: probed ? { streams: probed.appliance.streams, appliance: probe(probed.appliance.probe), peer: probe(probed.peer.probe) } : null,
    appliance_rss_peak_mib: f.applianceRssPeakMiB, appliance_vmhwm_mib: f.applianceHwmMiB, peer_rss_peak_mib: f.peerRssPeakMiB,
    target_streams_held: streams.pass, target_rss: rssPass,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
}
