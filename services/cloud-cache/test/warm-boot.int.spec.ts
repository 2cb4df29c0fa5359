/**
 * Boot over the interconnect: the cached bootable Debian disk is the prem source; the cache starts
 * empty with no hydration, so every block the guest reads before its login-ready marker is fetched on
 * demand through cloud-cache → cloud-manager → prem-manager → prem-esxi-manager (real processes,
 * sealed and verified frames). Reports the bytes fetched before the marker and the time.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { bootableDebianImage, bootQemuUntilMarker } from '@ferry/testing';
import { remoteFetchMetrics } from '../src/feed/remote-fetcher';
import { startWarmPlane, type WarmPlane } from './support/warm-plane';

const IQN = 'iqn.2026-12.io.ferry:warm-boot';

describe('booting the Debian guest over the cache, every miss fetched from prem', () => {
  let plane: WarmPlane | undefined;

  afterAll(async () => {
    await plane?.stop();
  });

  it('reaches the login-ready marker', async () => {
    const { image } = await bootableDebianImage();
    plane = await startWarmPlane();
    const link = join(plane.sourceDir, 'debian.raw');
    await symlink(image, link);
    const volume = await plane.addVolume(IQN, 'm-boot', 'disk-0', `file:${link}`);
    const started = performance.now();
    const result = await bootQemuUntilMarker({
      extraArgs: ['-drive', `file=iscsi://127.0.0.1:${plane.iscsiPort}/${IQN}/0,format=raw,if=virtio`],
      until: 'FERRY-BOOT-OK',
      timeoutMs: 10 * 60_000,
    });
    const seconds = (performance.now() - started) / 1000;
    const summary = volume.stats.summary(IQN, { presentChunks: volume.presentChunks(), totalChunks: volume.chunkCount, chunkSize: volume.chunkSize, writtenChunks: volume.writtenCount(), fetchedOnDemandBytes: volume.fetchedOnDemandBytes() });
    const report = {
      reached: result.reached,
      seconds_to_marker: Number(seconds.toFixed(1)),
      disk_bytes: volume.size,
      fetched_on_demand_bytes: summary.onDemandFetchBytes,
      fetched_share: Number((summary.onDemandFetchBytes / volume.size).toFixed(4)),
      fetch_p50_ms: summary.fetchLatencyMs.p50,
      fetch_p99_ms: summary.fetchLatencyMs.p99,
      demand_requests: remoteFetchMetrics.requests,
      rejected_frames: remoteFetchMetrics.rejectedFrames,
      written_chunks: volume.writtenCount(),
    };
    process.stdout.write(`boot over the interconnect: ${JSON.stringify(report)}\n`);
    if (!result.reached) throw new Error(`the guest did not reach FERRY-BOOT-OK; console tail:\n${result.console.slice(-3000)}\n${plane.prem.log().slice(-2000)}`);
    expect(volume.stats.hydratedChunks).toBe(0);
    expect(summary.onDemandFetches).toBeGreaterThan(0);
    expect(summary.onDemandFetchBytes).toBeLessThan(volume.size);
    expect(remoteFetchMetrics.rejectedFrames).toBe(0);
  }, 20 * 60_000);
});
