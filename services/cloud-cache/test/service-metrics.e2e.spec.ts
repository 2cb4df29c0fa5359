/**
 * The running cloud-cache service: a volume configured through CACHE_TARGETS is served over iSCSI,
 * the IO analyzer's figures for it appear on the ops port's /metrics, and its summaries are pushed
 * to the configured analyzer endpoint (an HTTPS listener of the test's with mutual TLS from the site CA,
 * where the appliance's 32820 would be).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { startIntakeStandIn, type IntakeStandIn } from './support/intake-stand-in';
import { makeSourceImage, run } from './support/tools';

const IQN = 'iqn.2024-01.io.ferry:metrics';
const CHAP = { user: 'metrics-host', secret: 'metrics-secret-1' };

describe('cloud-cache service metrics', () => {
  let dir: string;
  let nats: NatsHandle;
  let service: ServiceHandle;
  let analyzer: IntakeStandIn | undefined;
  const pushed: ferry.cache.v1.IoSummaryBatch[] = [];
  const contentTypes = new Set<string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-cache-metrics-'));
    const source = join(dir, 'source.raw');
    await makeSourceImage(source, 8);
    analyzer = await startIntakeStandIn(join(dir, 'site-ca'), (req, body, res) => {
      contentTypes.add(req.headers['content-type'] ?? '');
      pushed.push(ferry.cache.v1.IoSummaryBatch.decode(body));
      res.end();
    });
    nats = await startNats();
    service = await startService('cloud-cache', {
      NATS_URL: nats.url,
      CACHE_DIR: join(dir, 'cache'),
      CA_DIR: join(dir, 'site-ca'),
      FROM_CLOUD_MANAGER_HOST: '127.0.0.1',
      CACHE_TARGETS: JSON.stringify([{ name: IQN, auth: { kind: 'chap', ...CHAP }, luns: [{ lun: 0, source }] }]),
      ANALYZER_ENDPOINT: analyzer.url,
      ANALYZER_INTERVAL_MS: '200',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await nats?.stop();
    await analyzer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts the reads of a qemu-img copy over iSCSI and shows them on /metrics', async () => {
    const url = `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${service.ports.ISCSI_PORT}/${IQN}/0`;
    const copy = await run('qemu-img', ['convert', '-O', 'raw', url, join(dir, 'copy.raw')]);
    expect(copy.code).toBe(0);

    const text = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
    const value = (name: string): number => {
      // The registry adds a service label; match the series by name and volume label, in any order.
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`volume="${IQN}/0"`));
      if (!line) throw new Error(`${name} for ${IQN}/0 missing from /metrics:\n${text.slice(0, 2000)}`);
      return Number(line.split(' ').pop());
    };
    expect(value('ferry_cache_reads_total')).toBeGreaterThan(0);
    // The image has 6 MiB of data and 2 MiB of holes; qemu-img skips what GET LBA STATUS reports as holes.
    expect(value('ferry_cache_read_bytes_total')).toBeGreaterThanOrEqual(6 << 20);
    expect(value('ferry_cache_chunks')).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(`ferry_cache_fetch_latency_ms\\{[^}]*quantile="0.99"`));
  }, 60_000);

  it('pushes IO summaries with the volume reads to the analyzer endpoint', async () => {
    const deadline = Date.now() + 10_000;
    // Counters are cumulative and a push may land mid-copy: wait for one that covers the whole copy.
    const withReads = () => pushed.flatMap((p) => p.volumes).find((v) => v.volumeId === `${IQN}/0` && Number(v.readBytes) >= 6 << 20);
    while (!withReads() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const volume = withReads();
    expect(volume).toMatchObject({ targetIqn: IQN, lun: 0 });
    expect(Number(volume?.readBytes)).toBeGreaterThanOrEqual(6 << 20);
    expect(Number(volume?.windowEnd?.unixMillis)).toBeGreaterThanOrEqual(Number(volume?.windowStart?.unixMillis));
    expect([...contentTypes]).toEqual(['application/x-protobuf']);
    expect(Number(pushed[0]?.sentAt?.unixMillis)).toBeGreaterThan(0);
  }, 20_000);
});
