/** What bench:warm-boot prints: a table on stderr, then one JSON line on stdout. */
import type { LinkMeasurement } from '@ferry/testing';

/** One boot over the cache. */
export interface CacheBoot {
  seconds: number;
  /** Bytes fetched on demand (a guest waited for them) before the marker. */
  onDemandBytes: number;
  onDemandFetches: number;
  fetchP50Ms: number;
  fetchP99Ms: number;
  /** Bytes and chunks fetched ahead of reads from the boot profile. */
  prefetchedBytes: number;
  prefetchedChunks: number;
  /** Read commands served from the cache without a fetch. */
  hitRatio: number;
}

/** Everything one run measured. */
export interface WarmBootFigures {
  link: string;
  measured?: LinkMeasurement;
  marker: string;
  diskBytes: number;
  localSeconds: number;
  withoutProfile: CacheBoot;
  profile: { key: string; chunks: number; bytes: number };
  withProfile: CacheBoot;
  /** Seconds from the profiled volume's creation until its prefetch completed. */
  prefetchSeconds: number;
  targets: { profile_ratio_max: number; fetched_share_max: number };
  cpus: number;
  loadBefore: number;
  loadAfter: number;
  memoryMiB: number;
  /** Each data-plane service's peak RSS (VmHWM) over the whole run, MiB, by name, and the bench process's (it holds the cache). */
  peakRssMiB: Record<string, number>;
}

const MiB = 2 ** 20;
const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
const mib = (bytes: number): string => (bytes / MiB).toFixed(1);

export function printTable(f: WarmBootFigures): void {
  const ratio = (b: CacheBoot): string => `×${(b.seconds / f.localSeconds).toFixed(2)}`;
  const where = f.measured === undefined ? 'loopback' : `link ${f.link} (measured ${f.measured.rttMs.toFixed(1)} ms round trip, ${(f.measured.bitsPerSecond / 1e6).toFixed(0)} Mbit/s)`;
  const row = (label: string, b: CacheBoot): string =>
    `  ${label.padEnd(34)} ${b.seconds.toFixed(1).padStart(6)}  ${ratio(b).padEnd(6)} ${mib(b.onDemandBytes).padStart(6)} MiB on demand (${b.onDemandFetches} fetches, p50 ${b.fetchP50Ms.toFixed(0)} ms, p99 ${b.fetchP99Ms.toFixed(0)} ms), ${mib(b.prefetchedBytes)} MiB prefetched, hit ratio ${(b.hitRatio * 100).toFixed(1)} %`;
  process.stderr.write([
    '',
    `  boot to ${f.marker}, misses over ${where}; load ${f.loadBefore.toFixed(2)} → ${f.loadAfter.toFixed(2)} on ${f.cpus} CPUs`,
    `  ${'boot'.padEnd(34)} ${'s'.padStart(6)}  vs local`,
    `  ${'local file (snapshot=on)'.padEnd(34)} ${f.localSeconds.toFixed(1).padStart(6)}  ×1.00`,
    row('over the cache, no profile', f.withoutProfile),
    row(`over the cache, profile ${f.profile.key}`, f.withProfile),
    `  profile: ${f.profile.chunks} chunks (${mib(f.profile.bytes)} MiB), prefetched in ${f.prefetchSeconds.toFixed(1)} s; target with profile ≤ ×${f.targets.profile_ratio_max}`,
    `  peak RSS over the run, MiB: ${Object.entries(f.peakRssMiB).map(([name, value]) => `${name} ${value.toFixed(1)}`).join(', ')}`,
    '',
  ].join('\n'));
}

const bootJson = (b: CacheBoot, local: number): Record<string, number> => ({
  boot_s: round(b.seconds, 1),
  ratio_vs_local: round(b.seconds / local),
  on_demand_mib: round(b.onDemandBytes / MiB, 1),
  on_demand_fetches: b.onDemandFetches,
  fetch_p50_ms: round(b.fetchP50Ms, 1),
  fetch_p99_ms: round(b.fetchP99Ms, 1),
  prefetched_mib: round(b.prefetchedBytes / MiB, 1),
  prefetched_chunks: b.prefetchedChunks,
  hit_ratio: round(b.hitRatio, 4),
});

export function printJson(f: WarmBootFigures): void {
  const profileRatio = f.withProfile.seconds / f.localSeconds;
  const share = f.withoutProfile.onDemandBytes / f.diskBytes;
  process.stdout.write(`${JSON.stringify({
    link: f.link,
    link_rtt_ms: f.measured === undefined ? undefined : round(f.measured.rttMs, 2),
    link_mbit_s: f.measured === undefined ? undefined : Math.round(f.measured.bitsPerSecond / 1e6),
    disk_bytes: f.diskBytes,
    local_boot_s: round(f.localSeconds, 1),
    without_profile: bootJson(f.withoutProfile, f.localSeconds),
    boot_profile: { key: f.profile.key, chunks: f.profile.chunks, mib: round(f.profile.bytes / MiB, 1), prefetch_s: round(f.prefetchSeconds, 1) },
    with_profile: bootJson(f.withProfile, f.localSeconds),
    targets: f.targets,
    met: { profile_ratio: profileRatio <= f.targets.profile_ratio_max, fetched_share: share < f.targets.fetched_share_max },
    cpus: f.cpus,
    load_before: round(f.loadBefore, 2),
    load_after: round(f.loadAfter, 2),
    memory_mib: f.memoryMiB,
    peak_rss_mib: f.peakRssMiB,
  })}\n`);
}
