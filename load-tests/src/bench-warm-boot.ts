// npm run bench:warm-boot [-- --link lan|metro|wan|thin] — the boot a warm migration's user waits for:
// the Debian test guest booted under qemu (TCG) from its image on a local file, then over the cloud
// cache with every block it reads first fetched on demand from prem through cloud-cache →
// cloud-manager → prem-manager → prem-esxi-manager (real processes, mutual TLS, sealed frames), with no
// hydration, and finally over a second cache volume created with the boot profile the first boot
// recorded (guest OS + image family), whose chunks the cache prefetches in first-touch order as soon
// as the volume exists. With --link the prem services run behind the shaped link (warm-boot/link-sites.ts);
// without, everything is on loopback. Every boot runs to the guest's login-ready marker
// (FERRY-BOOT-OK) with the same qemu settings; the local one writes to a throw-away overlay
// (snapshot=on). Prints a table, then one JSON line last. Targets: with the profile ≤ 1.3× the local
// boot; < 15 % of the disk fetched before the marker without it.
import { symlink } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CacheVolume } from '@ferry/cloud-cache/dist/src/cache/cache-volume';
import { startWarmPlane, type WarmPlane } from '@ferry/cloud-cache/dist/test/support/warm-plane';
import { bootableDebianImage, bootQemuUntilMarker, type QemuBootOptions } from '@ferry/testing';
import { peakRssMib, perService } from './transfer/service-counters';
import { benchSites, type BenchSites } from './warm-boot/link-sites';
import { printJson, printTable, type CacheBoot } from './warm-boot/report';

const MARKER = 'FERRY-BOOT-OK';
const TIMEOUT_MS = Number(process.env.BENCH_WARM_BOOT_TIMEOUT_S ?? 900) * 1000;
const MEMORY_MIB = Number(process.env.BENCH_WARM_BOOT_MEMORY_MIB ?? 1024);
const PROFILE_KEY = 'debian-12/ferry-test';
const TARGETS = { profile_ratio_max: 1.3, fetched_share_max: 0.15 };

const say = (line: string): void => void process.stderr.write(`bench:warm-boot: ${line}\n`);

/** The value of `--link <name>` (or `--link=<name>`), undefined for loopback. */
function linkArgument(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((a) => a === '--link' || a.startsWith('--link='));
  if (at < 0) return undefined;
  const arg = argv[at]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  if (value === undefined || value === '' || value.startsWith('--')) throw new Error('--link needs a link profile name: lan, metro, wan or thin');
  return value === 'loopback' ? undefined : value;
}

/** Seconds from qemu's start to the marker; throws with the console tail when the marker never came. */
async function timedBoot(label: string, options: QemuBootOptions): Promise<number> {
  const started = performance.now();
  const result = await bootQemuUntilMarker({ ...options, until: MARKER, timeoutMs: TIMEOUT_MS, memoryMiB: MEMORY_MIB });
  const seconds = (performance.now() - started) / 1000;
  if (!result.reached) throw new Error(`${label}: the guest did not reach ${MARKER} in ${TIMEOUT_MS / 1000} s; console tail:\n${result.console.slice(-2000)}`);
  say(`${label}: ${MARKER} after ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Boots the guest from LUN 0 of `iqn` and reads the volume's figures at the marker. */
async function bootOverCache(plane: WarmPlane, iqn: string, volume: CacheVolume, label: string): Promise<CacheBoot> {
  const seconds = await timedBoot(label, { extraArgs: ['-drive', `file=iscsi://127.0.0.1:${plane.iscsiPort}/${iqn}/0,format=raw,if=virtio`] });
  const s = volume.stats.summary(iqn, { presentChunks: volume.presentChunks(), totalChunks: volume.chunkCount, chunkSize: volume.chunkSize, writtenChunks: volume.writtenCount(), fetchedOnDemandBytes: volume.fetchedOnDemandBytes() });
  if (s.hydratedChunks !== 0) throw new Error(`volume ${iqn} was hydrated (${s.hydratedChunks} chunks): the boot is not measuring demand reads`);
  return {
    seconds, onDemandBytes: s.onDemandFetchBytes, onDemandFetches: s.onDemandFetches, fetchP50Ms: s.fetchLatencyMs.p50, fetchP99Ms: s.fetchLatencyMs.p99,
    prefetchedBytes: s.prefetchedBytes, prefetchedChunks: s.prefetchedChunks, hitRatio: s.hitRatio,
  };
}

async function main(): Promise<void> {
  const link = linkArgument(process.argv.slice(2));
  const loadBefore = loadavg()[0] ?? 0;
  const { image } = await bootableDebianImage();
  say(`image ${image}; qemu TCG, ${MEMORY_MIB} MiB, ${cpus().length} CPUs, load ${loadBefore.toFixed(2)}`);
  let where: BenchSites | undefined;
  let plane: WarmPlane | undefined;
  try {
    // The link and the plane first, so a setup problem shows before minutes of booting.
    where = await benchSites(link);
    if (where.measured) say(`link ${where.name} measured prem → cloud: ${where.measured.rttMs.toFixed(1)} ms round trip, ${(where.measured.bitsPerSecond / 1e6).toFixed(0)} Mbit/s`);
    plane = await startWarmPlane(where.sites);
    const localSeconds = await timedBoot('local file', { extraArgs: ['-drive', `file=${image},format=raw,if=virtio,snapshot=on`] });
    const source = join(plane.sourceDir, 'debian.raw');
    await symlink(image, source);

    const first = 'iqn.2026-12.io.ferry:bench-warm-boot-first';
    const recorded = await plane.addVolume(first, 'm-bench-boot-first', 'disk-0', `file:${source}`, { bootProfileKey: PROFILE_KEY });
    const withoutProfile = await bootOverCache(plane, first, recorded, 'over the cache, recording the boot profile');
    const profile = await plane.profileSessions.get(`${first}/0`)?.finish();
    if (profile === undefined) throw new Error(`the first boot recorded no boot profile under ${PROFILE_KEY}`);
    say(`boot profile ${PROFILE_KEY}: ${profile.chunks.length} chunks in first-touch order`);

    const second = 'iqn.2026-12.io.ferry:bench-warm-boot-profiled';
    const created = performance.now();
    const profiled = await plane.addVolume(second, 'm-bench-boot-profiled', 'disk-0', `file:${source}`, { bootProfileKey: PROFILE_KEY });
    const session = plane.profileSessions.get(`${second}/0`);
    if (session?.used !== true) throw new Error(`volume ${second} did not use the stored boot profile ${PROFILE_KEY}`);
    let prefetchSeconds = Number.NaN;
    void session.prefetched.then(() => (prefetchSeconds = (performance.now() - created) / 1000));
    const withProfile = await bootOverCache(plane, second, profiled, `over the cache with boot profile ${PROFILE_KEY}`);
    await session.prefetched;
    // The services' own peaks (VmHWM) over both boots over the cache. The cache (feed, volumes, iSCSI portal)
    // runs in this process, so this process's peak bounds cloud-cache's from above (qemu is a process of its own).
    const peakRssMiB = {
      ...(await perService({ prem_esxi_manager: plane.esxi, prem_manager: plane.prem, cloud_manager: plane.cloud }, peakRssMib)),
      bench_process_with_the_cache: await peakRssMib(process.pid),
    };

    const figures = {
      link: where.name, measured: where.measured, marker: MARKER, diskBytes: recorded.size, localSeconds, withoutProfile,
      profile: { key: PROFILE_KEY, chunks: profile.chunks.length, bytes: profile.chunks.length * profile.chunkSize }, withProfile, prefetchSeconds,
      targets: TARGETS, cpus: cpus().length, loadBefore, loadAfter: loadavg()[0] ?? 0, memoryMiB: MEMORY_MIB, peakRssMiB,
    };
    printTable(figures);
    printJson(figures);
  } finally {
    await plane?.stop();
    await where?.stop();
  }
}

main().then(() => process.exit(0), (error: Error) => {
  process.stderr.write(`bench:warm-boot failed: ${error.message}\n`);
  process.exit(1);
});
