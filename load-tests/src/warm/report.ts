import type { CpuUse } from './cpu';
import type { latencySummary } from './read-plan';

type Latency = ReturnType<typeof latencySummary>;

/** One hydration run's figures. */
export interface HydrationFigures {
  label: string;
  seconds: number;
  chunks: number;
  /** Chunks the hydration stream stored (the rest were fetched on demand first). */
  landedByHydration: number;
  /** Hydration frames that arrived for a chunk already present (sent, verified, not stored). */
  framesKept: number;
  chunksSent: number;
  reads: number;
  demandFetched: number;
  readAll: Latency;
  readFetched: Latency;
  cacheFetchP50: number;
  cacheFetchP99: number;
  cpu: CpuUse;
}

/** Everything bench:warm measured. */
export interface WarmFigures {
  sizeMib: number;
  reads: number;
  cpus: number;
  loadBefore: number;
  loadAfter: number;
  demand: {
    iscsi4k: Latency; iscsi64k: Latency; inproc4k: Latency; inproc64k: Latency;
    localCached4k: Latency; localCached64k: Latency; localDirect4k: Latency; localDirect64k: Latency;
    firstIscsiMs: number; firstInprocMs: number; presentAfterOpen: number;
    cacheFetchP50: number; cacheFetchP99: number;
    chunks: number; readAheadChunks: number; retries: number; rejectedFrames: number;
    /** CPU over the in-process demand reads (cpuReads chunks, one fetch each). */
    cpu: CpuUse; cpuReads: number;
  };
  convertSeconds: number;
  hydrations: { idle: HydrationFigures; busy: HydrationFigures; paced: HydrationFigures };
}

const r1 = (v: number): number => Math.round(v * 10) / 10;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const f3 = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(3));
const SERVICES: Array<[string, string]> = [['prem-esxi-manager', 'esxi'], ['prem-manager', 'prem'], ['cloud-manager', 'cloud'], ['cloud-cache (this process)', 'cache']];

function demandTable(f: WarmFigures): string[] {
  const d = f.demand;
  const cell = (l: Latency): string => `${f3(l.p50).padStart(9)} ${f3(l.p99).padStart(9)} ${f3(l.max).padStart(9)}`;
  const row = (name: string, a: Latency, b: Latency): string => `  ${name.padEnd(44)}${cell(a)}   ${cell(b)}`;
  const perChunk = SERVICES.map(([key, short]) => `${short} ${r1(((d.cpu.byProcessS[key] ?? 0) * 1000) / d.cpuReads)}`);
  const totalPerChunk = r1((Object.values(d.cpu.byProcessS).reduce((a, b) => a + b, 0) * 1000) / d.cpuReads);
  return [
    `Demand reads, cache empty for every read: ${f.reads} reads each on distinct random 1 MiB chunks of a ${f.sizeMib} MiB VMDK (ms; p99 of ${f.reads} = 2nd largest)`,
    `  ${''.padEnd(44)}${'4KiB p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}   ${'64KiB p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`,
    row('ferry: qemu-io over iSCSI, whole path', d.iscsi4k, d.iscsi64k),
    row('ferry: CacheVolume.read() in-process', d.inproc4k, d.inproc64k),
    row('peer: qemu-io on the local VMDK, page cache', d.localCached4k, d.localCached64k),
    row('peer: qemu-io on the local VMDK, O_DIRECT', d.localDirect4k, d.localDirect64k),
    `  cache → prem fetch on the cache's own clock (iSCSI volume, every fetch): p50 ${f3(d.cacheFetchP50)}, p99 ${f3(d.cacheFetchP99)}`,
    `  first read of a new migration (set-up; not in the rows): iSCSI ${f3(d.firstIscsiMs)}, in-process ${f3(d.firstInprocMs)}`,
    `  chunks fetched through the path ${d.chunks} (read-ahead ${d.readAheadChunks}, retries ${d.retries}, rejected frames ${d.rejectedFrames}); present after qemu-io opened: ${d.presentAfterOpen}`,
    `  CPU-ms per demand chunk (in-process rows): ${perChunk.join(', ')}; total ${totalPerChunk}; machine busy ${d.cpu.machineBusyPct} % (${r1((d.cpu.elsewhereS * 1000) / d.cpuReads)} CPU-ms a chunk elsewhere)`,
  ];
}

function hydrationTable(f: WarmFigures): string[] {
  const runs = [f.hydrations.idle, f.hydrations.busy, f.hydrations.paced];
  const mibs = (h: HydrationFigures): number => r1(f.sizeMib / h.seconds);
  const line = (name: string, cell: (h: HydrationFigures) => string): string => `  ${name.padEnd(44)}${runs.map((h) => cell(h).padStart(30)).join('')}`;
  const lat = (l: Latency): string => (l.n === 0 ? '-' : `${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} / ${l.max.toFixed(1)}`);
  return [
    `Hydration of the whole volume (${f.sizeMib} MiB, ${runs[0]?.chunks} chunks of 1 MiB) by StartTransfer targetFormat "cache", no rate cap`,
    line('', (h) => h.label),
    line('seconds, StartTransfer to COMPLETED', (h) => h.seconds.toFixed(2)),
    line('MiB/s (volume size / seconds)', (h) => mibs(h).toFixed(1)),
    line('chunks landed by hydration', (h) => String(h.landedByHydration)),
    line('frames sent / kept (chunk already there)', (h) => `${h.chunksSent} / ${h.framesKept}`),
    line('reader: 4 KiB reads / fetched on demand', (h) => `${h.reads} / ${h.demandFetched}`),
    line('reader, every read: p50 / p99 / max ms', (h) => lat(h.readAll)),
    line('reader, fetched on demand: p50 / p99 / max', (h) => lat(h.readFetched)),
    line("cache → prem fetch, cache's clock p50 / p99", (h) => (h.reads === 0 ? '-' : `${h.cacheFetchP50.toFixed(1)} / ${h.cacheFetchP99.toFixed(1)}`)),
    line('machine busy %', (h) => String(h.cpu.machineBusyPct)),
    line('CPU-s esxi / prem / cloud / cache', (h) => SERVICES.map(([key]) => (h.cpu.byProcessS[key] ?? 0).toFixed(2)).join(' / ')),
    line('CPU-s qemu-io / elsewhere (kernel, NATS, …)', (h) => `${(h.cpu.byProcessS['qemu-io'] ?? 0).toFixed(2)} / ${h.cpu.elsewhereS.toFixed(2)}`),
    `  demand reads with no hydration (4 KiB over iSCSI, above): p50 / p99 / max ${lat(f.demand.iscsi4k)} ms`,
    `  peer: qemu-img convert of the VMDK to raw, locally: ${f.convertSeconds.toFixed(2)} s, ${r1(f.sizeMib / f.convertSeconds)} MiB/s`,
  ];
}

/** Every figure under a flat snake_case key, for the JSON line. */
function flat(f: WarmFigures): Record<string, number | string> {
  const d = f.demand;
  const out: Record<string, number | string> = {
    size_mib: f.sizeMib, reads: f.reads, cpus: f.cpus, load_before: r1(f.loadBefore), load_after: r1(f.loadAfter), initiator: 'qemu-io (libiscsi) over iSCSI',
  };
  const latency = (prefix: string, l: Latency): void => {
    out[`${prefix}_p50_ms`] = l.p50;
    out[`${prefix}_p99_ms`] = l.p99;
    out[`${prefix}_max_ms`] = l.max;
  };
  latency('demand_iscsi_4k', d.iscsi4k);
  latency('demand_iscsi_64k', d.iscsi64k);
  latency('demand_inproc_4k', d.inproc4k);
  latency('demand_inproc_64k', d.inproc64k);
  latency('local_cached_4k', d.localCached4k);
  latency('local_cached_64k', d.localCached64k);
  latency('local_direct_4k', d.localDirect4k);
  latency('local_direct_64k', d.localDirect64k);
  Object.assign(out, {
    demand_cache_fetch_p50_ms: r3(d.cacheFetchP50), demand_cache_fetch_p99_ms: r3(d.cacheFetchP99),
    first_read_iscsi_ms: r3(d.firstIscsiMs), first_read_inproc_ms: r3(d.firstInprocMs),
    demand_chunks_fetched: d.chunks, demand_read_ahead_chunks: d.readAheadChunks, demand_retries: d.retries, demand_rejected_frames: d.rejectedFrames,
    demand_machine_busy_pct: d.cpu.machineBusyPct, demand_cpu_ms_per_chunk_elsewhere: r1((d.cpu.elsewhereS * 1000) / d.cpuReads),
    peer_qemu_img_convert_s: r3(f.convertSeconds), peer_qemu_img_convert_mib_s: r1(f.sizeMib / f.convertSeconds),
  });
  for (const [key, short] of SERVICES) out[`demand_cpu_ms_per_chunk_${short}`] = r1(((d.cpu.byProcessS[key] ?? 0) * 1000) / d.cpuReads);
  for (const [name, h] of Object.entries(f.hydrations)) {
    const p = `hydrate_${name}`;
    Object.assign(out, {
      [`${p}_s`]: r3(h.seconds), [`${p}_mib_s`]: r1(f.sizeMib / h.seconds), [`${p}_landed_chunks`]: h.landedByHydration,
      [`${p}_frames_sent`]: h.chunksSent, [`${p}_frames_kept`]: h.framesKept, [`${p}_reads`]: h.reads, [`${p}_reads_fetched`]: h.demandFetched,
      [`${p}_machine_busy_pct`]: h.cpu.machineBusyPct,
    });
    if (h.reads > 0) {
      latency(`${p}_read`, h.readAll);
      latency(`${p}_read_fetched`, h.readFetched);
      out[`${p}_cache_fetch_p50_ms`] = r3(h.cacheFetchP50);
      out[`${p}_cache_fetch_p99_ms`] = r3(h.cacheFetchP99);
    }
    for (const [key, short] of SERVICES) out[`${p}_cpu_s_${short}`] = h.cpu.byProcessS[key] ?? 0;
    out[`${p}_cpu_s_qemu_io`] = h.cpu.byProcessS['qemu-io'] ?? 0;
    out[`${p}_cpu_s_elsewhere`] = h.cpu.elsewhereS;
  }
  return out;
}

/** The table on stdout, then the JSON line last. */
export function printReport(f: WarmFigures): void {
  const lines = [
    '',
    ...demandTable(f),
    '',
    ...hydrationTable(f),
    '',
    `  ${f.cpus} CPUs shared by the three services, NATS, the cache (this process), qemu-io, and anything else on the host (1-min load average ${f.loadBefore.toFixed(2)} before, ${f.loadAfter.toFixed(2)} after)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(flat(f))}\n`);
}
