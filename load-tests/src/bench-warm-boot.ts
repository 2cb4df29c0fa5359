// npm run bench:warm-boot — the boot a warm migration's user waits for: the Debian test guest booted
// under qemu (TCG) from its image on a local file, side by side with the same image booted over the
// cloud cache, every block it reads first fetched on demand from prem through cloud-cache →
// cloud-manager → prem-manager → prem-esxi-manager (real processes, mutual TLS, sealed frames), with
// no hydration. Both boots run to the guest's login-ready marker (FERRY-BOOT-OK) with the same qemu
// settings; the local one writes to a throw-away overlay (snapshot=on). Prints a table, then one JSON
// line last. Targets: < 15 % of the disk fetched before the marker; boot ≤ 1.5× the local boot.
import { symlink } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { remoteFetchMetrics } from '@ferry/cloud-cache/dist/src/feed/remote-fetcher';
import { startWarmPlane, type WarmPlane } from '@ferry/cloud-cache/dist/test/support/warm-plane';
import { bootableDebianImage, bootQemuUntilMarker, type QemuBootOptions } from '@ferry/testing';

const MARKER = 'FERRY-BOOT-OK';
const TIMEOUT_MS = Number(process.env.BENCH_WARM_BOOT_TIMEOUT_S ?? 900) * 1000;
const MEMORY_MIB = Number(process.env.BENCH_WARM_BOOT_MEMORY_MIB ?? 1024);
const TARGETS = { fetched_share_max: 0.15, boot_ratio_max: 1.5 };
const IQN = 'iqn.2026-12.io.ferry:bench-warm-boot';

const say = (line: string): void => void process.stderr.write(`bench:warm-boot: ${line}\n`);
const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/** Seconds from qemu's start to the marker; throws with the console tail when the marker never came. */
async function timedBoot(label: string, options: QemuBootOptions): Promise<number> {
  const started = performance.now();
  const result = await bootQemuUntilMarker({ ...options, until: MARKER, timeoutMs: TIMEOUT_MS, memoryMiB: MEMORY_MIB });
  const seconds = (performance.now() - started) / 1000;
  if (!result.reached) throw new Error(`${label}: the guest did not reach ${MARKER} in ${TIMEOUT_MS / 1000} s; console tail:\n${result.console.slice(-2000)}`);
  say(`${label}: ${MARKER} after ${seconds.toFixed(1)} s`);
  return seconds;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const { image } = await bootableDebianImage();
  say(`image ${image}; qemu TCG, ${MEMORY_MIB} MiB, ${cpus().length} CPUs, load ${loadBefore.toFixed(2)}`);
  const localSeconds = await timedBoot('local file', { extraArgs: ['-drive', `file=${image},format=raw,if=virtio,snapshot=on`] });

  let plane: WarmPlane | undefined;
  try {
    plane = await startWarmPlane();
    const link = join(plane.sourceDir, 'debian.raw');
    await symlink(image, link);
    const volume = await plane.addVolume(IQN, 'm-bench-boot', 'disk-0', `file:${link}`);
    const cacheSeconds = await timedBoot('over the cache', { extraArgs: ['-drive', `file=iscsi://127.0.0.1:${plane.iscsiPort}/${IQN}/0,format=raw,if=virtio`] });
    const summary = volume.stats.summary(IQN, { presentChunks: volume.presentChunks(), totalChunks: volume.chunkCount, chunkSize: volume.chunkSize, writtenChunks: volume.writtenCount(), fetchedOnDemandBytes: volume.fetchedOnDemandBytes() });
    if (volume.stats.hydratedChunks !== 0) throw new Error(`the volume was hydrated (${volume.stats.hydratedChunks} chunks): the cache boot is not measuring demand reads`);
    const share = summary.onDemandFetchBytes / volume.size;
    const ratio = cacheSeconds / localSeconds;
    process.stderr.write([
      '',
      `  boot to ${MARKER}          seconds`,
      `  local file (snapshot=on)   ${localSeconds.toFixed(1)}`,
      `  over the cache (iSCSI)     ${cacheSeconds.toFixed(1)}   ×${ratio.toFixed(2)} (target ≤ ${TARGETS.boot_ratio_max})`,
      `  fetched on demand          ${(summary.onDemandFetchBytes / 2 ** 20).toFixed(1)} MiB of ${(volume.size / 2 ** 20).toFixed(0)} MiB = ${(share * 100).toFixed(1)} % (target < ${TARGETS.fetched_share_max * 100} %)`,
      `  demand fetches             ${summary.onDemandFetches} chunks, p50 ${summary.fetchLatencyMs.p50.toFixed(1)} ms, p99 ${summary.fetchLatencyMs.p99.toFixed(1)} ms`,
      '',
    ].join('\n'));
    process.stdout.write(`${JSON.stringify({
      local_boot_s: round(localSeconds, 1),
      cache_boot_s: round(cacheSeconds, 1),
      boot_ratio: round(ratio),
      disk_bytes: volume.size,
      fetched_before_marker_bytes: summary.onDemandFetchBytes,
      fetched_share: round(share, 4),
      demand_fetches: summary.onDemandFetches,
      fetch_p50_ms: round(summary.fetchLatencyMs.p50),
      fetch_p99_ms: round(summary.fetchLatencyMs.p99),
      rejected_frames: remoteFetchMetrics.rejectedFrames,
      targets: TARGETS,
      met: { fetched_share: share < TARGETS.fetched_share_max, boot_ratio: ratio <= TARGETS.boot_ratio_max },
      cpus: cpus().length,
      load_before: round(loadBefore, 2),
      memory_mib: MEMORY_MIB,
    })}\n`);
  } finally {
    await plane?.stop();
  }
}

main().then(() => process.exit(0), (error: Error) => {
  process.stderr.write(`bench:warm-boot failed: ${error.message}\n`);
  process.exit(1);
});
