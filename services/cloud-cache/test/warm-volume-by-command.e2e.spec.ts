/**
 * The warm data path with every service a real process: a cache volume created by NATS command
 * (ferry.cmd.cloud-cache.create-volume) for a migration in FERRY_EVENTS, whose LUN is a prem VMDK
 * exposed with ExposeDisk. Read over iSCSI with CHAP it equals the source with every byte fetched on
 * demand through cloud-manager and prem-manager; a guest write, then hydration by StartTransfer, and
 * the volume equals (source + write); the written chunk is listed by the written-chunks command.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { makeImage, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { run } from './support/tools';
import { startWarmSite, type WarmSite } from './support/warm-site';

const MiB = 1 << 20;
const SIZE = 24 * MiB;
const IQN = 'iqn.2026-12.io.ferry:vm-by-command';
const MIGRATION = 'm-warm-command';
const pb = ferry.dataplane.v1;

describe('a cache volume made by command, fed from prem by the real services', () => {
  let site: WarmSite;
  let raw: string;
  let vmdk: string;

  beforeAll(async () => {
    site = await startWarmSite();
    raw = join(site.dir, 'source.raw');
    await makeSourceRaw(raw, SIZE);
    vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(site.sourceDir, 'disk.vmdk'));
    await site.addMigration(MIGRATION);
  }, 120_000);

  afterAll(async () => {
    await site?.stop();
  });

  it('serves the prem disk on demand, keeps a write, hydrates, and equals source + write', async () => {
    expect(await site.addVolume(IQN, MIGRATION, 'disk-0', `file:${vmdk}`)).toBe(SIZE);
    // On demand only: nothing hydrates a command-made volume until StartTransfer does.
    const demand = join(site.dir, 'demand.raw');
    const read = await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', site.url(IQN), demand]);
    expect(read.stderr).toBe('');
    expect((await qemuCompare(raw, demand, { a: 'raw', b: 'raw' })).output).toContain('identical');

    const expected = join(site.dir, 'expected.raw');
    await copyFile(raw, expected);
    for (const target of [site.url(IQN), expected]) expect((await run('qemu-io', ['-f', 'raw', '-c', 'write -P 0x77 7M 4k', target])).code).toBe(0);
    const written = await site.command<ferry.cache.v1.WrittenChunks>('written-chunks', ferry.cache.v1.WrittenChunksRequest.create({ iqn: IQN, lun: 0 }));
    expect(written.indexes).toEqual([7]);

    await site.startHydration(IQN, MIGRATION, 'disk-0', `file:${vmdk}`);
    const status = await site.hydrationEnded(MIGRATION, 'disk-0');
    expect(status.error).toBe('');
    expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
    const volume = await site.describe(IQN);
    expect(Number(volume.luns[0]?.presentChunks)).toBe(SIZE / MiB);
    expect(Number(volume.luns[0]?.totalChunks)).toBe(SIZE / MiB);
    // Hydration progress reaches the appliance's analyzer in the pushed IO summaries.
    for (const deadline = Date.now() + 5_000; Number(site.pushedSummary(`${IQN}/0`)?.chunksPresent ?? 0) < SIZE / MiB && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const summary = site.pushedSummary(`${IQN}/0`);
    expect(Number(summary?.chunksPresent)).toBe(SIZE / MiB);
    expect(Number(summary?.chunksTotal)).toBe(SIZE / MiB);
    expect(Number(summary?.onDemandFetches)).toBeGreaterThan(0);
    // Every hop shows its part on /metrics: prem answered, cloud-manager relayed, the cache verified.
    const metric = async (opsPort: number, name: string): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
      // Series carry the service's default labels: `name{service="…"} value`.
      const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    expect(await metric(site.prem.opsPort, 'ferry_demand_chunks_served_total')).toBeGreaterThan(0);
    expect(await metric(site.prem.opsPort, 'ferry_demand_lanes_connected')).toBe(1);
    expect(await metric(site.cloud.opsPort, 'ferry_relay_demand_chunks_total')).toBeGreaterThan(0);
    expect(await metric(site.cloud.opsPort, 'ferry_relay_prem_lanes')).toBe(1);
    expect(await metric(site.cache.opsPort, 'ferry_cache_demand_chunks_total')).toBeGreaterThan(0);
    expect(await metric(site.cache.opsPort, 'ferry_cache_demand_frames_rejected_total')).toBe(0);
    expect(await metric(site.cache.opsPort, 'ferry_cache_hydrations_completed_total')).toBe(1);
    expect(await metric(site.cache.opsPort, 'ferry_iscsi_logins_total')).toBeGreaterThan(0);
    const hydrated = join(site.dir, 'hydrated.raw');
    expect((await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', site.url(IQN), hydrated])).code).toBe(0);
    expect((await qemuCompare(expected, hydrated, { a: 'raw', b: 'raw' })).output).toContain('identical');
  }, 180_000);
});
