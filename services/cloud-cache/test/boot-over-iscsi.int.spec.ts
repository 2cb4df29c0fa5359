/**
 * A real Debian disk (debootstrapped, kernel and grub in a raw disk, built once and cached by
 * infra/images/build-bootable-debian.sh) boots under qemu-system-x86_64 (TCG) from our target while
 * the cache starts empty; every block the guest needs is fetched on demand. Reports the bytes
 * fetched before the console marker against the disk size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootableDebianImage, bootQemuUntilMarker } from '@ferry/testing';
import { startCacheTarget, type CacheTarget } from '../src/cache-target';

const IQN = 'iqn.2024-01.io.ferry:boot';
const CHAP = { user: 'boot-host', secret: 'boot-secret-042' };

describe('booting Linux over the cache', () => {
  let dir: string | undefined;
  let target: CacheTarget | undefined;

  afterAll(async () => {
    await target?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reaches the guest marker on the serial console with only on-demand fetches', async () => {
    const { image } = await bootableDebianImage();
    dir = await mkdtemp(join(tmpdir(), 'ferry-boot-'));
    // No background hydration: everything the boot reads must come through on-demand fetches.
    target = await startCacheTarget({ host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), hydrate: false, targets: [{ name: IQN, auth: { kind: 'chap', ...CHAP }, luns: [{ lun: 0, source: image }] }] });
    const volume = target.volumes.get(`${IQN}/0`);
    expect(volume?.presentChunks()).toBe(0);

    const result = await bootQemuUntilMarker({
      extraArgs: ['-drive', `file=iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${target.port}/${IQN}/0,format=raw,if=virtio`],
      until: 'FERRY-BOOT-OK',
      timeoutMs: 8 * 60_000,
    });
    const summary = target.summaries()[0];
    const report = {
      reached: result.reached,
      disk_bytes: volume?.size,
      fetched_on_demand_bytes: summary?.onDemandFetchBytes,
      fetched_share: summary && volume ? Number((summary.onDemandFetchBytes / volume.size).toFixed(4)) : undefined,
      fetch_p99_ms: summary?.fetchLatencyMs.p99,
      reads: summary?.reads,
    };
    process.stdout.write(`boot over iSCSI: ${JSON.stringify(report)}\n`);
    if (!result.reached) throw new Error(`the guest did not reach FERRY-BOOT-OK; console tail:\n${result.console.slice(-3000)}`);
    expect(summary?.onDemandFetches).toBeGreaterThan(0);
    expect(summary?.onDemandFetchBytes).toBeLessThan(volume?.size ?? 0);
  }, 15 * 60_000);
});
