/**
 * The IO analyzer end to end: the real cloud-cache serves a volume over iSCSI and pushes its IO
 * summaries to the real appliance's analyzer port; qemu-img reads the volume over iscsi:// and the
 * appliance's integrator API (and the `ferry cache` CLI) and ops /metrics show the reads and a hit
 * ratio that matches them. A malformed push is refused naming the problem and changes nothing. The
 * intake takes mutual TLS only: plain HTTP, no client certificate or one of another CA is refused in the
 * handshake and logged naming the peer; cloud-cache's certificate from the site CA is answered 204.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, type TlsMaterial } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { freePort, makeSourceRaw, makeTempDir, qemuImg, startApplianceWithAccess, startNats, startService, type ApiAccess, type NatsHandle, type ServiceHandle } from '@ferry/testing';

import { postToAnalyzer, type AnalyzerTarget, type HttpAnswer } from './hostile-wire';

import api = ferry.api.v1;
import cache = ferry.cache.v1;

jest.setTimeout(120_000);

const IQN = 'iqn.2024-01.io.ferry:analyzer';
/** The cache serves every target with CHAP. */
const CHAP = { user: 'analyzer-host', secret: 'analyzer-secret1' };
const VOLUME = `${IQN}/0`;
const MiB = 1 << 20;
const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');

let tmp: { dir: string; cleanup: () => Promise<void> };
let nats: NatsHandle;
let appliance: ServiceHandle;
let cloudCache: ServiceHandle;
let client: Client;
let access: ApiAccess;
let intakeUrl: string;
/** The intake as cloud-cache reaches it: its certificate from the site CA. */
let intake: AnalyzerTarget;
let siteLeaf: TlsMaterial;

type Summary = cache.VolumeIoSummary;
const n = (v: number | { toNumber(): number } | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

async function volumes(filter = ''): Promise<api.CacheVolume[]> {
  const reply = await unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(client, 'ListCacheVolumes', { volumeFilter: filter });
  return reply.volumes as api.CacheVolume[];
}

/** Polls ListCacheVolumes until the volume's latest summary satisfies `ready`. */
async function summaryWhen(ready: (s: Summary) => boolean, timeoutMs = 20_000): Promise<Summary> {
  const deadline = Date.now() + timeoutMs;
  let last: Summary | undefined;
  while (Date.now() < deadline) {
    last = (await volumes(VOLUME)).find((v) => v.summary?.volumeId === VOLUME)?.summary as Summary | undefined;
    if (last && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no summary of ${VOLUME} became ready; last ${JSON.stringify(last)}\ncloud-cache: ${cloudCache.log().slice(-2000)}\nappliance: ${appliance.log().slice(-2000)}`);
}

/** The summary once `ready` holds and a later push shows the same read count (the reads are over). */
async function settled(ready: (s: Summary) => boolean): Promise<Summary> {
  // A push taken while the copy still ran may arrive after it: compare each summary with the next one.
  let previous = await summaryWhen(ready);
  for (let attempt = 0; attempt < 50; attempt++) {
    const baseline = previous;
    const next = await summaryWhen((s) => n(s.windowEnd?.unixMillis) > n(baseline.windowEnd?.unixMillis));
    if (n(next.readOps) === n(baseline.readOps)) return next;
    previous = next;
  }
  throw new Error(`the reads of ${VOLUME} never stopped moving; last ${JSON.stringify(previous)}`);
}

async function metricsText(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${appliance.opsPort}/metrics`)).text();
}

/** The value of series `name` whose labels include every one of `labels`. */
function series(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  if (!line) throw new Error(`${name}${JSON.stringify(labels)} missing from the appliance's /metrics`);
  return Number(line.split(' ').pop());
}

function post(body: Uint8Array | string, contentType = 'application/x-protobuf'): Promise<HttpAnswer> {
  return postToAnalyzer(intake, Buffer.from(body), { contentType });
}

beforeAll(async () => {
  tmp = await makeTempDir('ferry-analyzer-e2e-');
  const source = join(tmp.dir, 'source.raw');
  await makeSourceRaw(source, 16 * MiB);
  nats = await startNats();
  // No inventory runs: this test calls only ListCacheVolumes, which does not need it.
  ({ appliance, api: access } = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1', ANALYZER_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${await freePort()}` }, tmp.dir));
  intakeUrl = `https://127.0.0.1:${appliance.ports.ANALYZER_PORT}/io-summaries`;
  siteLeaf = await issueLeaf(join(tmp.dir, 'site-ca'), 'cloud-cache');
  intake = { port: appliance.ports.ANALYZER_PORT as number, tls: siteLeaf };
  cloudCache = await startService('cloud-cache', {
    NATS_URL: nats.url, CACHE_DIR: join(tmp.dir, 'cache'), CA_DIR: join(tmp.dir, 'site-ca'), FROM_CLOUD_MANAGER_HOST: '127.0.0.1', CACHE_TARGETS: JSON.stringify([{ name: IQN, auth: { kind: 'chap', ...CHAP }, luns: [{ lun: 0, source }] }]),
    ANALYZER_ENDPOINT: intakeUrl, ANALYZER_INTERVAL_MS: '200',
    // On demand only: the first copy's reads then miss for real instead of racing background hydration.
    CACHE_HYDRATE: 'false',
  });
  client = access.client('viewer');
}, 90_000);

afterAll(async () => {
  client?.close();
  await cloudCache?.stop();
  await appliance?.stop();
  await nats?.stop();
  await tmp?.cleanup();
});

describe('cloud-cache IO summaries on the appliance', () => {
  it('shows the reads of two qemu-img copies over iSCSI, with a hit ratio that matches them, on the API, the CLI and /metrics', async () => {
    const url = `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${cloudCache.ports.ISCSI_PORT}/${IQN}/0`;
    await qemuImg('convert', '-O', 'raw', url, join(tmp.dir, 'copy1.raw'));
    const afterFirst = await settled((s) => n(s.readOps) > 0);
    expect(afterFirst).toMatchObject({ targetIqn: IQN, lun: 0 });
    expect(n(afterFirst.readBytes)).toBeGreaterThan(0);
    expect(n(afterFirst.chunksTotal)).toBe(16);
    expect(afterFirst.hitRatio).toBeCloseTo(n(afterFirst.readHits) / n(afterFirst.readOps), 9);
    expect(n(afterFirst.readMisses)).toBeGreaterThan(0); // nothing was cached before the first copy
    expect(n(afterFirst.onDemandFetches)).toBe(n(afterFirst.chunksPresent)); // each chunk held was fetched by a read
    expect(afterFirst.hitRatio).toBeLessThan(1);

    // The second copy reads what the first read (or less, where the cache now reports zeros as
    // unmapped): all of it is in the cache by now, so every one of its reads is a hit.
    await qemuImg('convert', '-O', 'raw', url, join(tmp.dir, 'copy2.raw'));
    const second = await settled((s) => n(s.readOps) > n(afterFirst.readOps));
    expect(n(second.readBytes)).toBeGreaterThan(n(afterFirst.readBytes));
    expect(n(second.readHits) - n(afterFirst.readHits)).toBe(n(second.readOps) - n(afterFirst.readOps));
    expect(n(second.readMisses)).toBe(n(afterFirst.readMisses));
    expect(second.hitRatio).toBeCloseTo(n(second.readHits) / n(second.readOps), 9);
    expect(second.hitRatio).toBeGreaterThan(afterFirst.hitRatio);

    const text = await metricsText();
    expect(series(text, 'ferry_cache_hit_ratio', { volume: VOLUME, service: 'appliance' })).toBeCloseTo(second.hitRatio, 9);
    expect(series(text, 'ferry_cache_read_bytes_total', { volume: VOLUME })).toBe(n(second.readBytes));
    expect(series(text, 'ferry_cache_read_ops_total', { volume: VOLUME })).toBe(n(second.readOps));
    expect(series(text, 'ferry_cache_hydration_ratio', { volume: VOLUME })).toBeCloseTo(n(second.chunksPresent) / 16, 9);
    expect(series(text, 'ferry_cache_fetch_latency_ms', { volume: VOLUME, quantile: '0.99' })).toBeCloseTo(second.fetchLatency?.p99Ms ?? -1, 9);
    expect(second.fetchLatency?.p99Ms).toBeGreaterThan(0);

    const cli = spawnSync(process.execPath, [CLI, 'cache', '--json'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv('viewer') } });
    expect(cli.status).toBe(0);
    const listed = (JSON.parse(cli.stdout) as { volumes: Array<{ summary: { volumeId: string; readOps: string } }> }).volumes;
    expect(listed.find((v) => v.summary.volumeId === VOLUME)?.summary.readOps).toBe(String(n(second.readOps)));
    const human = spawnSync(process.execPath, [CLI, 'cache'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv('viewer') } });
    expect(human.stdout).toMatch(new RegExp(`${VOLUME.replace(/[.:]/g, '\\$&')}\\s+${n(second.readOps)}\\s`));
  });

  it('refuses a malformed push with 400 naming the field, another content type with 415, and keeps the previous summary', async () => {
    const probe = 'iqn.2024-01.io.ferry:probe/0';
    const now = Date.now();
    const valid: cache.IVolumeIoSummary = {
      volumeId: probe, targetIqn: 'iqn.2024-01.io.ferry:probe', lun: 0, windowStart: { unixMillis: now - 1000 }, windowEnd: { unixMillis: now },
      readOps: 10, readHits: 7, readMisses: 3, hitRatio: 0.7, readBytes: 40960, chunksPresent: 2, chunksTotal: 4, chunkSize: MiB,
    };
    const batch = (v: cache.IVolumeIoSummary): Uint8Array => cache.IoSummaryBatch.encode({ sentAt: { unixMillis: now }, volumes: [v] }).finish();
    expect((await post(batch(valid))).status).toBe(204);

    const badRatio = await post(batch({ ...valid, readOps: 99, hitRatio: 1.7 }));
    expect(badRatio.status).toBe(400);
    expect(badRatio.text).toMatch(/volumes\[0\]\.hit_ratio: 1\.7 is not a ratio/);
    const garbage = await post(Buffer.from([0x0a, 0xff, 0xff, 0x7f]));
    expect(garbage.status).toBe(400);
    expect(garbage.text).toMatch(/body: is not a ferry\.cache\.v1\.IoSummaryBatch/);
    const json = await post(JSON.stringify({ volumes: [{ volume: probe, reads: 99 }] }), 'application/json');
    expect(json.status).toBe(415);
    expect(json.text).toMatch(/application\/json.*not accepted.*application\/x-protobuf/);

    const kept = (await volumes('probe')).map((v) => v.summary);
    expect(kept).toHaveLength(1);
    expect(n(kept[0]?.readOps)).toBe(10);
    expect(kept[0]?.hitRatio).toBeCloseTo(0.7, 9);
    expect(series(await metricsText(), 'ferry_analyzer_pushes_total', { outcome: 'rejected' })).toBe(3);
  });

  it('takes pushes over mutual TLS only: plain HTTP, no client certificate or one of another CA is refused in the handshake and logged naming the peer', async () => {
    const now = Date.now();
    const probe = 'iqn.2024-01.io.ferry:mtls/0';
    const body = Buffer.from(cache.IoSummaryBatch.encode({ sentAt: { unixMillis: now }, volumes: [{ volumeId: probe, targetIqn: 'iqn.2024-01.io.ferry:mtls', lun: 0, windowStart: { unixMillis: now - 1000 }, windowEnd: { unixMillis: now }, readOps: 5, readHits: 5, hitRatio: 1 }] }).finish());
    const port = intake.port;
    const stranger = await issueLeaf(join(tmp.dir, 'other-ca'), 'cloud-cache');

    const plain = await postToAnalyzer({ port, tls: 'plain-http' }, body, { from: '127.0.0.71' });
    const noCertificate = await postToAnalyzer({ port, tls: { ca: siteLeaf.ca } }, body, { from: '127.0.0.72' });
    // It trusts the site CA (so the appliance is the one refusing), but its own certificate is of another CA.
    const otherCa = await postToAnalyzer({ port, tls: { ca: siteLeaf.ca, cert: stranger.cert, key: stranger.key } }, body, { from: '127.0.0.73' });
    const site = await postToAnalyzer(intake, body, { from: '127.0.0.74' });

    expect(plain.status).toBe(0);
    expect(noCertificate.status).toBe(0);
    expect(noCertificate.text).toMatch(/certificate required|ECONNRESET|socket hang up/i);
    expect(otherCa.status).toBe(0);
    expect(otherCa.text).toMatch(/unknown ca|ECONNRESET|socket hang up/i);
    expect(site.status).toBe(204);
    // Only the site certificate's push was taken.
    expect((await volumes('mtls')).map((v) => v.reportedBy)).toEqual(['127.0.0.74']);
    const deadline = Date.now() + 5000;
    const refusedLines = (): string[] => appliance.log().split('\n').filter((l) => l.includes('IO-analyzer intake refused a connection'));
    while (refusedLines().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = refusedLines();
    expect(lines.find((l) => l.includes('from 127.0.0.71:'))).toMatch(/plain HTTP/);
    expect(lines.find((l) => l.includes('from 127.0.0.72:'))).toMatch(/sent no client certificate/);
    expect(lines.find((l) => l.includes('from 127.0.0.73:'))).toMatch(/not issued by the site CA/);
  });
});
