/**
 * The analyzer intake under a flood, against the appliance running as its own process with the default
 * ANALYZER_* limits, over loopback only: the 100,000-volume flood of issue 22 (20 posts of 5,000 distinct
 * 400-character ids, then 20 sender addresses × 5 posts × 1,000 distinct valid ids) is refused past the
 * limits with a 413 or 429 that the client reads (node's https client with cloud-cache's certificate from the
 * site CA, status and body, no reset); the
 * appliance stays under 256 MiB RSS, /metrics typically answers within 100 ms and GetPlan within 50 ms
 * during and after the flood; a 9 MiB body gets a readable 413; hostile ids are refused; ListCacheVolumes
 * pages. The figures (RSS, latencies, answers by limit) are printed.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { freePort, makeTempDir, startApplianceWithAccess, startNats, startService, type ApiAccess, type NatsHandle, type ServiceHandle } from '@ferry/testing';

import api = ferry.api.v1;
import cache = ferry.cache.v1;

jest.setTimeout(180_000);

const MiB = 1 << 20;
let nats: NatsHandle;
let appliance: ServiceHandle;
let client: Client;
let intakePort: number;
/** What the sender presents to the intake (mutual TLS with the site CA), as PEM text for the child process. */
let senderTls: { ca: string; cert: string; key: string };
let access: ApiAccess;
let temp: { dir: string; cleanup: () => Promise<void> };

/** What the client read: the status, the body, and Retry-After. */
interface Answer {
  status: number;
  text: string;
  retryAfter?: string;
}

/** One POST to send: the body, the loopback address to send it from, and how. */
interface Post {
  body: Uint8Array;
  from?: string;
  chunked?: boolean;
  expectContinue?: boolean;
}

/**
 * Sends lanes of POSTs from a child process at a lower CPU priority (nice 10): on a machine of two cores
 * the sender would otherwise take the CPU that the appliance and this process, which times /metrics and
 * GetPlan, need, while a real flood comes from another machine. Lanes run at once, a lane's posts one
 * after another, each with node's https client on a fresh connection (mutual TLS, as cloud-cache). A reset or any socket error fails
 * the whole send: a refusal must be an answer the client reads.
 */
const SENDER = `
const { request } = require('node:https');
let port, tls;
function post({ body, from, chunked, expectContinue }) {
  body = Buffer.from(body);
  const headers = { 'content-type': 'application/x-protobuf' };
  if (!chunked) headers['content-length'] = body.byteLength;
  if (expectContinue) headers['expect'] = '100-continue';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/io-summaries', method: 'POST', headers, agent: false, localAddress: from, ...tls }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: text.trim(), retryAfter: res.headers['retry-after'] }));
      res.on('error', reject);
    });
    req.on('error', (error) => reject(new Error('POST of ' + body.byteLength + ' bytes failed with ' + (error.code || error.message) + ' instead of an answer')));
    if (expectContinue) req.on('continue', () => req.end(body));
    else if (chunked) {
      for (let at = 0; at < body.byteLength; at += 1 << 20) req.write(body.subarray(at, at + (1 << 20)));
      req.end();
    } else req.end(body);
  });
}
let lanes;
process.on('message', (m) => {
  if (m.lanes) {
    ({ port, lanes, tls } = m);
    return process.send({ ready: true });
  }
  Promise.all(lanes.map(async (lane) => {
    const answers = [];
    for (const p of lane) answers.push(await post(p));
    return answers;
  })).then((answers) => process.send({ answers }), (error) => process.send({ error: error.message })).finally(() => process.disconnect());
});
`;

/** Hands the lanes to a sender process and resolves, once it holds them, with the function that starts sending. */
function prepare(lanes: Post[][], port = intakePort): Promise<() => Promise<Answer[][]>> {
  return new Promise((ready, failed) => {
    const sender = spawn(process.execPath, ['-e', SENDER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    setPriority(sender.pid as number, 10);
    sender.once('error', failed);
    sender.once('message', () =>
      ready(
        () =>
          new Promise((resolve, reject) => {
            sender.once('message', (m: { answers: Answer[][]; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.answers)));
            sender.once('exit', (code) => reject(new Error(`the sender exited with ${code} before answering`)));
            sender.send('go');
          }),
      ),
    );
    sender.send({ port, lanes, tls: senderTls });
  });
}

const send = async (lanes: Post[][], port = intakePort): Promise<Answer[][]> => (await prepare(lanes, port))();

const summary = (volumeId: string): cache.IVolumeIoSummary => {
  const slash = volumeId.lastIndexOf('/');
  return {
    volumeId, targetIqn: volumeId.slice(0, slash), lun: Number(volumeId.slice(slash + 1)) || 0, windowStart: { unixMillis: Date.now() - 1000 }, windowEnd: { unixMillis: Date.now() },
    readOps: 10, readHits: 9, readMisses: 1, hitRatio: 0.9, chunksPresent: 1, chunksTotal: 4, fetchLatency: { p50Ms: 1, p95Ms: 2, p99Ms: 3 },
  };
};
const batch = (ids: string[]): Uint8Array => cache.IoSummaryBatch.encode({ sentAt: { unixMillis: Date.now() }, volumes: ids.map(summary) }).finish();

function rssMiB(): number {
  const line = readFileSync(`/proc/${appliance.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

async function timed<T>(what: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await what();
  return [performance.now() - started, value];
}

/** /metrics: how long it took and its status. */
function scrape(): Promise<[number, number]> {
  return timed(async () => {
    const reply = await fetch(`http://127.0.0.1:${appliance.opsPort}/metrics`);
    await reply.text();
    return reply.status;
  });
}

/** GetPlan of a plan that does not exist: an answer (NOT_FOUND) through the API and the event store. */
function getPlan(): Promise<[number, string]> {
  return timed(() =>
    unaryCall<api.IGetPlanRequest, api.Plan>(client, 'GetPlan', { planId: randomUUID() }, { deadline: Date.now() + 5000 }).then(
      () => 'OK',
      (error: { code?: number; details?: string }) => (error.code === 5 ? 'NOT_FOUND' : `code ${error.code}: ${error.details}`),
    ),
  );
}

/** The appliance's CPU time so far (user + system), in ms. */
function cpuMs(): number {
  const fields = readFileSync(`/proc/${appliance.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime and stime, in ticks of 10 ms
}

const summarize = (ms: number[]): { median: number; p90: number; worst: number; n: number } => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => +(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1);
  return { median: at(0.5), p90: at(0.9), worst: at(1), n: sorted.length };
};

/**
 * Until stopped: scrapes /metrics every 100 ms (a hurried Prometheus), calls GetPlan every 20 ms and reads
 * the appliance's RSS every 20 ms, each loop on its own, and keeps every figure.
 */
function watch() {
  const seen = { scrapeMs: [] as number[], planMs: [] as number[], peakRssMiB: 0, problems: [] as string[] };
  let running = true;
  const every = async (pauseMs: number, step: () => Promise<void>): Promise<void> => {
    while (running) {
      await step();
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const loops = Promise.all([
    every(100, async () => {
      const [ms, status] = await scrape();
      seen.scrapeMs.push(ms);
      if (status !== 200) seen.problems.push(`/metrics answered ${status}`);
    }),
    every(20, async () => {
      const [ms, plan] = await getPlan();
      seen.planMs.push(ms);
      if (plan !== 'NOT_FOUND') seen.problems.push(`GetPlan answered ${plan}`);
    }),
    every(20, async () => void (seen.peakRssMiB = Math.max(seen.peakRssMiB, rssMiB()))),
  ]);
  return {
    stop: async () => {
      running = false;
      await loops;
      return seen;
    },
  };
}

async function listAll(pageSize: number): Promise<{ ids: string[]; pages: number; total: number }> {
  const ids: string[] = [];
  let [pageToken, pages, total] = ['', 0, 0];
  do {
    const page = await unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(client, 'ListCacheVolumes', { pageSize, pageToken });
    expect(page.volumes.length).toBeLessThanOrEqual(pageSize);
    ids.push(...page.volumes.map((v) => v.summary?.volumeId ?? ''));
    [pageToken, pages, total] = [page.nextPageToken, pages + 1, page.totalSize];
  } while (pageToken);
  return { ids, pages, total };
}

const tally = (answers: Answer[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status === 204 ? '204' : `${a.status} ${/\(limit (ANALYZER_[A-Z_]+)=/.exec(a.text)?.[1] ?? a.text.slice(0, 60)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

const log = (line: string): void => void process.stdout.write(`${line}\n`);

beforeAll(async () => {
  nats = await startNats();
  // No inventory runs: this test calls GetPlan and ListCacheVolumes, which do not need it. Every ANALYZER_* limit is its default.
  temp = await makeTempDir('ferry-analyzer-flood-');
  ({ appliance, api: access } = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1', ANALYZER_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${await freePort()}` }, temp.dir));
  intakePort = appliance.ports.ANALYZER_PORT as number;
  const leaf = await issueLeaf(appliance.env['CA_DIR'] ?? '', 'cloud-cache');
  senderTls = { ca: leaf.ca.toString(), cert: leaf.cert.toString(), key: leaf.key.toString() };
  client = access.client('viewer');
  for (let i = 0; i < 5; i++) await Promise.all([scrape(), getPlan()]);
}, 90_000);

afterAll(async () => {
  client?.close();
  await appliance?.stop();
  await nats?.stop();
  await temp?.cleanup();
});

describe('the analyzer intake under a flood', () => {
  it('refuses the 100,000-volume flood past the limits with answers the client reads, and stays small and responsive', async () => {
    const rssBefore = rssMiB();
    // Issue 22's flood: 20 posts of 5,000 distinct 400-character ids from one sender, encoded before the clock starts.
    const long = (i: number): string => `iqn.2024-01.io.ferry:${String(i).padStart(6, '0')}${'x'.repeat(374)}/0`;
    const big = Array.from({ length: 20 }, (_, p) => batch(Array.from({ length: 5000 }, (_, i) => long(p * 5000 + i))));
    // Then 100,000 distinct valid ids: 20 sender addresses (127.0.0.10-29) × 5 posts × 1,000.
    const id = (s: number, p: number, i: number): string => `iqn.2024-01.io.ferry:flood-s${s}-p${p}-${String(i).padStart(4, '0')}/0`;
    const valid = Array.from({ length: 20 }, (_, s) => Array.from({ length: 5 }, (_, p) => batch(Array.from({ length: 1000 }, (_, i) => id(s, p, i)))));

    // One sender, 4 posts at a time; then 20 senders at once, each one's 5 posts in turn.
    const lanes = [0, 1, 2, 3].map((l) => big.filter((_, i) => i % 4 === l).map((body) => ({ body })));
    const go = await prepare([...lanes, ...valid.map((posts, s) => posts.map((body) => ({ body, from: `127.0.0.${10 + s}` })))]);
    const watcher = watch();
    const cpuBefore = cpuMs();
    const started = performance.now();
    const answers = await go();
    const first = answers.slice(0, 4).flat();
    const second = answers.slice(4).flat();
    const floodMs = performance.now() - started;
    const floodCpuMs = cpuMs() - cpuBefore;
    const during = await watcher.stop();

    // After the flood: figures on a quiet appliance.
    const after = { scrapeMs: [] as number[], planMs: [] as number[] };
    for (let i = 0; i < 10; i++) {
      const [[scrapeMs], [planMs]] = await Promise.all([scrape(), getPlan()]);
      after.scrapeMs.push(scrapeMs);
      after.planMs.push(planMs);
    }
    const listed = await listAll(1000);
    const rssAfter = rssMiB();
    const figures = {
      flood: { posts: first.length + second.length, distinctIds: 200_000, ms: Math.round(floodMs), applianceCpuMs: floodCpuMs },
      bigPosts: tally(first), validPosts: tally(second), volumesHeld: listed.total, listPages: listed.pages,
      rssMiB: { before: +rssBefore.toFixed(1), peak: +Math.max(during.peakRssMiB, rssAfter).toFixed(1), after: +rssAfter.toFixed(1) },
      metricsMs: { during: summarize(during.scrapeMs), after: summarize(after.scrapeMs) },
      getPlanMs: { during: summarize(during.planMs), after: summarize(after.planMs) },
    };
    log(`analyzer flood: ${JSON.stringify(figures)}`);

    expect(during.problems).toEqual([]);
    // Each 5,000-volume batch is more than one sender may have held: 413, read whole by the client.
    expect(first.map((a) => a.status)).toEqual(Array(20).fill(413));
    expect(first[0]?.text).toMatch(/^the batch carries more than 1000 volumes \(\d+ counted before the rest was dropped\); push fewer volumes per batch \(limit ANALYZER_MAX_VOLUMES_PER_SENDER=1000\)$/);
    // Of the valid ids, what fits is taken; everything else is a 429 naming the limit, with Retry-After.
    for (const a of second.filter((x) => x.status !== 204)) {
      expect(a.status).toBe(429);
      expect(a.text).toMatch(/\(limit ANALYZER_(MAX_VOLUMES|MAX_VOLUMES_PER_SENDER|SUMMARIES_PER_SECOND|MAX_PENDING_BYTES)=\d+\)$/);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(figures.validPosts['429 ANALYZER_MAX_VOLUMES']).toBeGreaterThan(0);
    expect(listed.total).toBe(second.filter((a) => a.status === 204).length * 1000);
    expect(listed.total).toBeLessThanOrEqual(10_000);
    expect(new Set(listed.ids).size).toBe(listed.total);
    expect(listed.ids).toEqual([...listed.ids].sort());

    expect(figures.rssMiB.peak).toBeLessThan(256);
    // Typical answers are within the targets (/metrics 100 ms, GetPlan 50 ms); the worst one is printed
    // above and only bounded loosely here, because on a host of two cores shared with the sender and NATS
    // (and other work) a single call can wait for the CPU. Issue 22 saw 8 s for /metrics and 9.5 s for GetPlan.
    for (const phase of ['during', 'after'] as const) {
      expect(figures.metricsMs[phase].median).toBeLessThan(100);
      expect(figures.getPlanMs[phase].median).toBeLessThan(50);
      expect(figures.metricsMs[phase].worst).toBeLessThan(250);
      expect(figures.getPlanMs[phase].worst).toBeLessThan(250);
    }

    const metrics = await fetch(`http://127.0.0.1:${appliance.opsPort}/metrics`).then((r) => r.text());
    const volumeLabels = new Set([...metrics.matchAll(/^ferry_cache_read_ops_total\{volume="([^"]+)"/gm)].map((m) => m[1]));
    log(`analyzer flood: /metrics ${metrics.length} bytes, ${volumeLabels.size} volume label values of ferry_cache_read_ops_total`);
    expect(volumeLabels.size).toBe(201);
    expect(metrics).toMatch(new RegExp(`^ferry_analyzer_volumes(\\{[^}]*\\})? ${listed.total}$`, 'm'));
  });

  it.each([
    ['with Content-Length', {}],
    ['chunked', { chunked: true }],
    ['with Expect: 100-continue', { expectContinue: true }],
  ])('answers a 9 MiB body %s with a 413 the client reads', async (_, options) => {
    const [[answer]] = (await send([[{ body: Buffer.alloc(9 * MiB, 0x0a), ...options }]])) as [[Answer]];
    log(`9 MiB body ${_}: ${answer.status} ${answer.text}`);
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/^the body (is 9437184 bytes|passed 8388608 bytes); push fewer volumes per batch \(limit ANALYZER_MAX_BODY_BYTES=8388608\)$/);
  });

  it('refuses hostile volume ids with 400 naming volume_id, and lists none of them', async () => {
    const hostile = ['../../etc/passwd', '<script>alert(1)</script>/0', 'iqn.2024-01.io.ferry:vm\u0000/0', `iqn.2024-01.io.ferry:${'v'.repeat(400)}/0`, 'iqn.2024-01.io.ferry:\u202egpj/0'];
    const answers = (await send(hostile.map((id) => [{ body: batch([id]), from: '127.0.0.200' }]))).flat();
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.text).toMatch(/^volumes\[0\]\.volume_id: /);
    }
    log(`hostile ids: ${answers.map((a) => a.text.slice(0, 110)).join(' | ')}`);
    const { ids } = await listAll(1000);
    expect(ids.filter((i) => !/^iqn\.2024-01\.io\.ferry:flood-s\d+-p\d-\d{4}\/0$/.test(i))).toEqual([]);
  });

  it('pages ListCacheVolumes and refuses a page over the maximum', async () => {
    const first = await unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(client, 'ListCacheVolumes', {});
    expect(first.volumes).toHaveLength(100);
    expect(first.nextPageToken).not.toBe('');
    const filtered = await unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(client, 'ListCacheVolumes', { volumeFilter: '-p0-000', pageSize: 3 });
    expect(filtered.volumes).toHaveLength(3);
    expect(filtered.volumes.every((v) => (v.summary?.volumeId ?? '').includes('-p0-000'))).toBe(true);
    const next = await unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(client, 'ListCacheVolumes', { volumeFilter: '-p0-000', pageSize: 3, pageToken: filtered.nextPageToken });
    expect((next.volumes[0]?.summary?.volumeId ?? '') > (filtered.volumes[2]?.summary?.volumeId ?? '')).toBe(true);
    expect(next.totalSize).toBe(filtered.totalSize);
    await expect(unaryCall(client, 'ListCacheVolumes', { pageSize: 5000 })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/^page_size: 5000 is not between 1 and 1000/) });
    await expect(unaryCall(client, 'ListCacheVolumes', { pageToken: 'bogus!' })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/^page_token: /) });
  });
});

describe('the ANALYZER_* variables', () => {
  let limited: ServiceHandle;
  let limitedClient: Client;

  beforeAll(async () => {
    // The same site (store, signing key, CA) as the first appliance, so its credentials hold here too.
    limited = await startService('appliance', {
      NATS_URL: nats.url, API_HOST: '127.0.0.1', ANALYZER_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${await freePort()}`,
      STATE_DIR: appliance.env['STATE_DIR']!, CA_DIR: appliance.env['CA_DIR']!,
      ANALYZER_MAX_VOLUMES_PER_SENDER: '2', ANALYZER_SUMMARY_TTL_MS: '1500', ANALYZER_METRICS_MAX_VOLUMES: '1',
    });
    limitedClient = access.at(`127.0.0.1:${limited.ports.API_PORT}`).client('viewer');
  }, 90_000);

  afterAll(async () => {
    limitedClient?.close();
    await limited?.stop();
  });

  it('set the limits of a running appliance: a batch over the sender limit is 413, /metrics shows one volume and "_other", old summaries expire', async () => {
    const ids = ['a', 'b', 'c'].map((n) => `iqn.2024-01.io.ferry:${n}/0`);
    const [[over], [taken]] = (await send([[{ body: batch(ids) }], [{ body: batch(ids.slice(0, 2)) }]], limited.ports.ANALYZER_PORT)) as [[Answer], [Answer]];
    expect(over).toMatchObject({ status: 413, text: expect.stringMatching(/\(limit ANALYZER_MAX_VOLUMES_PER_SENDER=2\)$/) });
    expect(taken?.status).toBe(204);
    const metrics = await fetch(`http://127.0.0.1:${limited.opsPort}/metrics`).then((r) => r.text());
    expect([...metrics.matchAll(/^ferry_cache_read_ops_total\{volume="([^"]+)"/gm)].map((m) => m[1]).sort()).toEqual(['_other', ids[0]]);
    const list = (): Promise<api.ListCacheVolumesResponse> => unaryCall<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>(limitedClient, 'ListCacheVolumes', {});
    expect((await list()).totalSize).toBe(2);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await list()).totalSize).toBe(0);
  });
});
