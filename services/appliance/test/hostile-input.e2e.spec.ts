/**
 * Hostile input against one running site (issue 22, `npm run test:hostile`): the seven services, NATS
 * and two vcsims as real processes on loopback, with one small source VM and a draft plan of it in the
 * event store. Everything is made from one seed (HOSTILE_SEED, 22), so a run can be repeated. Calls go
 * over TLS as the site's admin (so every RPC's validation is reached), except those of (3) that test
 * the authorization header itself.
 *  (1) A fuzz loop over every unary RPC of the integrator API on ONE client connection: random bodies,
 *      mutated valid requests and large bodies (64–256 KiB), 4 calls in flight, each with a 10 s
 *      deadline. Then the same kind of loop with 16 calls in flight over a slow link (a relay adding
 *      20 ms each way): issue 22's stall, calls on one connection running into their 10 s deadline
 *      after large bodies while a second connection answered at once, was HTTP/2 flow control (64 KiB
 *      receive windows, now 1 MiB per call and 8 MiB per connection: service-kit's serveGrpc).
 *  (2) The server-streaming RPCs with fuzzed bodies, opened and cancelled.
 *  (3) Hostile field values on the RPCs that take them: NUL, U+202E, 10,000-character strings,
 *      "../../etc/passwd", an unpaired surrogate (bytes that are not UTF-8), 2^64-1, year-0001
 *      timestamps, 10,000 VMs in one plan, and malformed or forged authorization headers.
 *  (4) The analyzer intake: oversized batches and bodies, a burst from one sender, garbage, hostile
 *      volume ids, other content types, methods and paths.
 *  (5) cloud-cache's iSCSI port: malformed PDUs, a login whose text never ends, a connection flood.
 *  (6) Afterwards: every service process is alive and answers /metrics within 1 s, GetPlan within 1 s,
 *      the appliance's RSS stays under 400 MiB, the event store verifies (verifyAudit).
 * Counts are printed (inputs, refusals by gRPC code, crashes, hangs over 2 s, RSS), a JSON line last.
 */
import { readFileSync } from 'node:fs';
import { status as GrpcStatus, type Client } from '@grpc/grpc-js';
import { issueLeaf } from '@ferry/block-pipeline';
import { verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { ferryRpcs, fuzzBody, KiB, rawClient, rawStream, rawUnary, Rng, type BodyKind, type FerryRpc, type RawAnswer, type Templates } from './hostile-bodies';
import { iscsiExchange, iscsiFlood, loginPdu, postToAnalyzer, slowLink, textKeys, type HttpAnswer } from './hostile-wire';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { makeSourceVm, type SourceVm } from './source-vms';

import api = ferry.api.v1;
import cache = ferry.cache.v1;
import mig = ferry.migration.v1;

jest.setTimeout(180_000);

const SEED = Number(process.env.HOSTILE_SEED ?? 22);
/** Calls of the loopback fuzz loop (HOSTILE_FUZZ_CALLS=5000 for a longer hunt). */
const FUZZ_CALLS = Number(process.env.HOSTILE_FUZZ_CALLS ?? 2000);
const SLOW_LINK_CALLS = Number(process.env.HOSTILE_SLOW_LINK_CALLS ?? 300);
const DEADLINE_MS = 10_000;
/** A call that takes longer is a hang. */
const HANG_MS = 2000;
const RSS_BOUND_MIB = 400;
const SERVICES = ['appliance', 'inventory', 'esxi', 'prem', 'cloud', 'cache', 'guestPrep'] as const;

let env: ColdMigrationEnv;
let vm: SourceVm;
let planId: string;
let address: string;
let rpcs: FerryRpc[];
const rng = new Rng(SEED);
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const started = performance.now();

/** What the whole suite counts, printed as one JSON line at the end. */
const totals = {
  inputs: { fuzz: 0, slowLink: 0, streams: 0, fields: 0, actors: 0, analyzer: 0, iscsiPdus: 0, iscsiConnections: 0 },
  byKind: {} as Partial<Record<BodyKind, number>>,
  refusals: {} as Record<string, number>,
  hangs: [] as { what: string; ms: number; code: string; otherConnectionMs?: number }[],
  slowestCallMs: 0,
  analyzer: {} as Record<string, number>,
  iscsi: {} as Record<string, unknown>,
  rssMiB: { before: 0, peak: 0, after: 0, bound: RSS_BOUND_MIB, afterPart: {} as Record<string, number> },
};

const codeName = (code: number): string => GrpcStatus[code] ?? String(code);

function rssMiB(pid: number | undefined): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return +(Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024).toFixed(1);
}

const alive = (pid: number | undefined): boolean => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

/** Counts one API answer; a call over 2 s is a hang. */
function count(what: string, answer: RawAnswer, otherConnectionMs?: number): void {
  const name = codeName(answer.code);
  totals.refusals[name] = (totals.refusals[name] ?? 0) + 1;
  totals.slowestCallMs = Math.max(totals.slowestCallMs, Math.round(answer.ms));
  if (answer.ms > HANG_MS) totals.hangs.push({ what, ms: Math.round(answer.ms), code: name, ...(otherConnectionMs === undefined ? {} : { otherConnectionMs }) });
}

/** Samples the appliance's RSS every 100 ms for the peak. */
const sampler = setInterval(() => {
  if (env?.appliance && alive(env.appliance.pid)) totals.rssMiB.peak = Math.max(totals.rssMiB.peak, rssMiB(env.appliance.pid));
}, 100);

/** Valid requests of each RPC; those that change state name a plan or migration that does not exist. */
function templates(): Templates {
  const none = 'plan-00000000000000000000000000000000';
  const noMigration = 'mig-00000000000000000000000000000000-1';
  return {
    ListVms: [{ vcenter: 'prem', pageSize: 10 }, { vcenter: 'cloud', nameFilter: 'DC0' }],
    GetVm: [{ vcenter: 'prem', moref: vm.moref }],
    AssessVm: [{ vcenter: 'prem', moref: vm.moref, mode: mig.MigrationMode.MIGRATION_MODE_COLD }],
    CreatePlan: [{ ...validPlan(), name: 'fuzz wave', requestId: 'fuzz-1' }],
    StartPlan: [{ planId: none }],
    GetPlan: [{ planId }, { planId: none }],
    ListPlans: [{ pageSize: 10 }],
    CancelPlan: [{ planId: none, reason: 'fuzz' }],
    SetPlanDiskRate: [{ planId: none, maxDiskBytesPerSecond: 2 ** 20 }],
    GetMigration: [{ migrationId: noMigration }],
    ListMigrations: [{ planId, pageSize: 10 }],
    WatchMigration: [{ migrationId: noMigration }],
    WatchPlan: [{ planId }],
    CancelMigration: [{ migrationId: noMigration, reason: 'fuzz' }],
    RetryMigration: [{ migrationId: noMigration }],
    MigrateBack: [{ migrationId: noMigration, reason: 'fuzz' }],
    PurgeCloud: [{ migrationId: noMigration, reason: 'fuzz' }],
    Cutover: [{ migrationId: noMigration, reason: 'fuzz' }],
    ScheduleCutover: [{ migrationId: noMigration, at: { unixMillis: Date.now() + 3_600_000 } }],
    AdvisePlan: [{ planId }, { planId: none }],
    ListMigrationEvents: [{ migrationId: noMigration, limit: 10 }],
    ListCacheVolumes: [{ pageSize: 10 }],
    ReplayAudit: [{ aggregateId: planId }],
    ExportAudit: [{ aggregateId: planId }],
    GetAuditStatus: [{}],
    // Access: a wrong password, unknown users and keys, an init code the appliance does not have (an admin exists).
    Login: [{ user: 'nobody', password: 'not the password' }],
    WhoAmI: [{}],
    InitAdmin: [{ user: 'fuzz-admin', password: 'a fuzzed admin password', initCode: '0'.repeat(64) }],
    CreateUser: [{ user: 'fuzz-user', password: 'a fuzzed user password', role: 'viewer' }],
    GrantRole: [{ user: 'nobody', role: 'viewer' }],
    SetPassword: [{ user: 'nobody', password: 'a fuzzed new password' }],
    ListUsers: [{}],
    CreateApiKey: [{ name: '', role: 'viewer' }],
    RevokeApiKey: [{ name: 'nobody', reason: 'fuzz' }],
    ListSecurityEvents: [{ days: 1, limit: 10 }],
  };
}

function validPlan(): api.ICreatePlanRequest {
  return {
    mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' }, concurrency: 2, maxDiskBytesPerSecond: 8 * 2 ** 20,
  };
}

const rpc = (name: string): FerryRpc => {
  const found = rpcs.find((r) => r.name === name);
  if (!found) throw new Error(`no RPC ${name} in ferry.api.v1.Ferry`);
  return found;
};

beforeAll(async () => {
  env = await startColdMigrationEnv();
  address = `127.0.0.1:${env.appliance.ports.API_PORT}`;
  rpcs = ferryRpcs();
  vm = await makeSourceVm(env, { name: 'hostile-src', diskMiB: [4], cpus: 1, coresPerSocket: 1, memoryMB: 256, firmware: 'bios' });
  const deadline = Date.now() + 30_000;
  while (!(await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined))) {
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  planId = (await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', { ...validPlan(), name: 'hostile wave', requestId: 'hostile-wave' })).id;
  totals.rssMiB.before = rssMiB(env.appliance.pid);
}, 150_000);

afterEach(() => {
  const part = /^\((\d)\)/.exec(expect.getState().currentTestName?.replace(/^.*? \(/, '(') ?? '')?.[1] ?? '?';
  if (alive(env?.appliance?.pid)) totals.rssMiB.afterPart[part] = rssMiB(env.appliance.pid);
});

afterAll(async () => {
  clearInterval(sampler);
  await env?.stop();
});

/**
 * `calls` fuzzed unary calls over `lanes` lanes, all on ONE connection to `target`; whenever a call
 * takes over 2 s, GetPlan is timed on a second connection.
 */
async function fuzzOneConnection(target: string, calls: number, lanes: number, largeShare: number, what: 'fuzz' | 'slowLink'): Promise<{ ms: number }> {
  const client: Client = rawClient(target, env.api.credentials('admin'));
  const other: Client = rawClient(target, env.api.credentials('admin'));
  const unary = rpcs.filter((r) => !r.serverStream);
  const t = templates();
  const work = Array.from({ length: calls }, () => {
    const r = rng.pick(unary);
    return { rpc: r, ...fuzzBody(rng, r, t, largeShare) };
  });
  const getPlan = rpc('GetPlan');
  const begun = performance.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < work.length) {
          const { rpc: r, kind, body } = work[next++]!;
          const answer = await rawUnary(client, r.path, body, { deadlineMs: DEADLINE_MS });
          totals.inputs[what]++;
          totals.byKind[kind] = (totals.byKind[kind] ?? 0) + 1;
          const probe = answer.ms > HANG_MS ? await rawUnary(other, getPlan.path, getPlan.encode({ planId }), { deadlineMs: DEADLINE_MS }) : undefined;
          count(`${what} ${r.name} ${kind} ${body.length} bytes`, answer, probe && Math.round(probe.ms));
          expect([GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN, GrpcStatus.UNAVAILABLE]).not.toContain(answer.code);
        }
      }),
    );
  } finally {
    client.close();
    other.close();
  }
  return { ms: Math.round(performance.now() - begun) };
}

describe('hostile input against a running site', () => {
  it('(1) fuzzes every unary RPC on one connection, then over a slow link: every call answered within 2 s, none INTERNAL, UNKNOWN or UNAVAILABLE', async () => {
    const loopback = await fuzzOneConnection(address, FUZZ_CALLS, 4, 0.25, 'fuzz');
    const link = await slowLink(env.appliance.ports.API_PORT as number, 20);
    let slow: { ms: number };
    try {
      slow = await fuzzOneConnection(`127.0.0.1:${link.port}`, SLOW_LINK_CALLS, 16, 0.5, 'slowLink');
    } finally {
      await link.close();
    }
    log(`hostile input (1): ${FUZZ_CALLS} calls on one connection in ${loopback.ms} ms, ${SLOW_LINK_CALLS} over a 40 ms round trip with 16 in flight in ${slow.ms} ms; bodies ${JSON.stringify(totals.byKind)}; answers ${JSON.stringify(totals.refusals)}; slowest ${totals.slowestCallMs} ms`);
    for (const h of totals.hangs) log(`hostile input (1): over 2 s: ${JSON.stringify(h)}`);
    expect(totals.hangs).toEqual([]);
  });

  it('(2) opens the server-streaming RPCs with fuzzed bodies and cancels them: each refused or streaming, none INTERNAL or UNKNOWN', async () => {
    const client = rawClient(address, env.api.credentials('admin'));
    const t = templates();
    const seen: Record<string, number> = {};
    try {
      for (const r of rpcs.filter((x) => x.serverStream)) {
        for (let i = 0; i < 20; i++) {
          const { body } = fuzzBody(rng, r, t, 0.25);
          const answer = await rawStream(client, r.path, body, { forMs: 150 });
          totals.inputs.streams++;
          seen[codeName(answer.code)] = (seen[codeName(answer.code)] ?? 0) + 1;
          expect([GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN, GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]).not.toContain(answer.code);
          expect(answer.ms).toBeLessThan(HANG_MS);
        }
      }
    } finally {
      client.close();
    }
    log(`hostile input (2): streams ended ${JSON.stringify(seen)} (CANCELLED: still streaming when the client cancelled it)`);
  });

  it('(3) refuses hostile field values with INVALID_ARGUMENT (or answers an unknown id NOT_FOUND) and malformed or forged authorization headers with UNAUTHENTICATED, quoting them safely', async () => {
    const INVALID = [GrpcStatus.INVALID_ARGUMENT];
    const U64_MAX = { low: -1, high: -1, unsigned: true };
    const YEAR_1 = -62_135_596_800_000; // 0001-01-01T00:00:00Z in unix milliseconds
    const text: Record<string, string> = {
      nul: 'wave\u00001', bidi: 'wave \u202egpj.exe', long: 'x'.repeat(10_000), traversal: '../../etc/passwd', surrogate: 'wave\ud800',
    };
    const plan = validPlan();
    const cases: [string, string, object, number[]][] = [];
    for (const [label, v] of Object.entries(text)) {
      const plainOk = label === 'traversal'; // a path-like string is fine text where the field is free text
      cases.push(
        [`CreatePlan name ${label}`, 'CreatePlan', { ...plan, name: v, requestId: `hostile-${label}` }, INVALID],
        [`CreatePlan request_id ${label}`, 'CreatePlan', { ...plan, name: `hostile ${label}`, requestId: v }, plainOk ? [GrpcStatus.OK] : INVALID],
        [`CreatePlan target.folder ${label}`, 'CreatePlan', { ...plan, name: `hostile folder ${label}`, target: { ...plan.target, folder: v } }, INVALID],
        [`CreatePlan vms[0].moref ${label}`, 'CreatePlan', { ...plan, name: `hostile vm ${label}`, vms: [{ vcenter: 'prem', moref: v }] }, INVALID],
        [`GetPlan plan_id ${label}`, 'GetPlan', { planId: v }, INVALID],
        [`SetPlanDiskRate plan_id ${label}`, 'SetPlanDiskRate', { planId: v, maxDiskBytesPerSecond: 2 ** 20 }, INVALID],
        [`CancelMigration migration_id ${label}`, 'CancelMigration', { migrationId: v, reason: 'hostile' }, INVALID],
        [`CancelMigration reason ${label}`, 'CancelMigration', { migrationId: 'mig-none-1', reason: v }, plainOk ? [GrpcStatus.NOT_FOUND, GrpcStatus.FAILED_PRECONDITION] : INVALID],
        [`ListVms name_filter ${label}`, 'ListVms', { vcenter: 'prem', nameFilter: v }, plainOk ? [GrpcStatus.OK] : INVALID],
        [`ListVms vcenter ${label}`, 'ListVms', { vcenter: v }, INVALID],
        [`GetVm moref ${label}`, 'GetVm', { vcenter: 'prem', moref: v }, plainOk ? [GrpcStatus.NOT_FOUND] : INVALID],
        [`ListMigrations vm_moref ${label}`, 'ListMigrations', { vmMoref: v }, plainOk ? [GrpcStatus.OK] : INVALID],
        [`ListCacheVolumes volume_filter ${label}`, 'ListCacheVolumes', { volumeFilter: v }, plainOk ? [GrpcStatus.OK] : INVALID],
        [`ReplayAudit aggregate_id ${label}`, 'ReplayAudit', { aggregateId: v }, plainOk ? [GrpcStatus.OK] : INVALID],
      );
    }
    cases.push(
      ['SetPlanDiskRate 2^64-1', 'SetPlanDiskRate', { planId, maxDiskBytesPerSecond: U64_MAX }, INVALID],
      ['CreatePlan max_disk_bytes_per_second 2^64-1', 'CreatePlan', { ...plan, name: 'hostile rate', maxDiskBytesPerSecond: U64_MAX }, INVALID],
      ['CreatePlan concurrency 2^31-1', 'CreatePlan', { ...plan, name: 'hostile concurrency', concurrency: 2 ** 31 - 1 }, INVALID],
      ['CreatePlan concurrency -2^31', 'CreatePlan', { ...plan, name: 'hostile concurrency', concurrency: -(2 ** 31) }, INVALID],
      ['CreatePlan mode 2^31-1', 'CreatePlan', { ...plan, name: 'hostile mode', mode: 2 ** 31 - 1 }, INVALID],
      ['CreatePlan scheduled_start year 1', 'CreatePlan', { ...plan, name: 'hostile year 1', scheduledStart: { unixMillis: YEAR_1 } }, INVALID],
      ['CreatePlan scheduled_start 2^63-1 ms', 'CreatePlan', { ...plan, name: 'hostile far', scheduledStart: { unixMillis: { low: -1, high: 0x7fffffff, unsigned: false } } }, INVALID],
      ['CreatePlan 10,000 VMs', 'CreatePlan', { ...plan, name: 'hostile many vms', vms: Array.from({ length: 10_000 }, (_, i) => ({ vcenter: 'prem', moref: `vm-${100_000 + i}` })) }, INVALID],
      ['CreatePlan 10,000 network mappings', 'CreatePlan', { ...plan, name: 'hostile many nets', networkMap: Array.from({ length: 10_000 }, (_, i) => ({ sourceNetwork: `net-${i}`, targetNetwork: 'VM Network' })) }, INVALID],
      ['ListMigrationEvents after_sequence 2^64-1', 'ListMigrationEvents', { migrationId: 'mig-none-1', afterSequence: U64_MAX }, INVALID],
      ['ListMigrationEvents limit 2^31-1', 'ListMigrationEvents', { migrationId: 'mig-none-1', limit: 2 ** 31 - 1 }, [GrpcStatus.OK, GrpcStatus.NOT_FOUND]],
      ['ReplayAudit until_sequence 2^64-1', 'ReplayAudit', { untilSequence: U64_MAX }, INVALID],
      ['ReplayAudit until_time year 1', 'ReplayAudit', { untilTime: { unixMillis: YEAR_1 } }, INVALID],
      ['ListVms page_size 2^31-1', 'ListVms', { vcenter: 'prem', pageSize: 2 ** 31 - 1 }, [GrpcStatus.OK, GrpcStatus.INVALID_ARGUMENT]],
      ['ListVms page_size -1', 'ListVms', { vcenter: 'prem', pageSize: -1 }, INVALID],
      ['ListPlans page_size 2^31-1', 'ListPlans', { pageSize: 2 ** 31 - 1 }, INVALID],
      ['ListMigrations phase 2^31-1', 'ListMigrations', { phase: 2 ** 31 - 1 }, INVALID],
      ['ListCacheVolumes page_size 2^31-1', 'ListCacheVolumes', { pageSize: 2 ** 31 - 1 }, INVALID],
    );
    const client = rawClient(address, env.api.credentials('admin'));
    const bare = rawClient(address, env.api.credentials(null));
    const wrong: string[] = [];
    try {
      for (const [what, name, request, allowed] of cases) {
        const r = rpc(name);
        const body = r.encode(request);
        const answer = await rawUnary(client, r.path, body, { deadlineMs: DEADLINE_MS });
        totals.inputs.fields++;
        count(`field ${what}`, answer);
        if (!allowed.includes(answer.code)) wrong.push(`${what} (${body.length} bytes): ${codeName(answer.code)} ${answer.details.slice(0, 160)}`);
        // A refusal quotes at most 60 characters of a value, with controls, bidi controls and unpaired surrogates escaped.
        if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u.test(answer.details) || answer.details.length > 2000) wrong.push(`${what}: unsafe details ${JSON.stringify(answer.details.slice(0, 200))}`);
      }
      // Malformed and forged authorization headers (grpc-js sends only printable ASCII metadata) on RPCs with a valid body.
      const token = env.api.operator.token;
      const [head, payload] = token.split('.');
      const forged = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'admin' })).toString('base64url')}.${token.split('.')[2]}`;
      const headers = ['root', 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(10_000)}`, 'Bearer ../../etc/passwd', 'Bearer fk_unknownunknownunknownunknownunknownunknow', 'Bearer a.b.c', `Bearer ${forged}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'];
      for (const authorization of headers) {
        for (const [name, request] of [['GetPlan', { planId }], ['CreatePlan', { ...plan, name: 'hostile actor' }], ['CancelMigration', { migrationId: 'mig-none-1' }], ['ListVms', {}]] as const) {
          const r = rpc(name);
          const answer = await rawUnary(bare, r.path, r.encode(request), { deadlineMs: DEADLINE_MS, authorization });
          totals.inputs.actors++;
          count(`authorization ${authorization.slice(0, 40)} on ${name}`, answer);
          if (answer.code !== GrpcStatus.UNAUTHENTICATED || !/`ferry login`|`ferry keys create/.test(answer.details)) wrong.push(`authorization ${JSON.stringify(authorization.slice(0, 40))} on ${name}: ${codeName(answer.code)} ${answer.details.slice(0, 160)}`);
          if (answer.details.includes(authorization.slice(7, 40)) && authorization.length > 12) wrong.push(`authorization ${JSON.stringify(authorization.slice(0, 40))}: quoted back in ${JSON.stringify(answer.details.slice(0, 160))}`);
        }
      }
    } finally {
      client.close();
      bare.close();
    }
    log(`hostile input (3): ${totals.inputs.fields} hostile field values and ${totals.inputs.actors} malformed or forged authorization headers; ${wrong.length} answered otherwise than expected`);
    for (const w of wrong) log(`hostile input (3): ${w}`);
    for (const h of totals.hangs) log(`hostile input (3): over 2 s: ${JSON.stringify(h)}`);
    expect(wrong).toEqual([]);
    expect(totals.hangs).toEqual([]);
  });

  it('(4) answers every hostile push to the analyzer port with a status the client reads (400, 404, 405, 413, 415, 429), and lists no hostile volume id', async () => {
    // Pushed as cloud-cache would: mutual TLS with a certificate from the site CA.
    const target = { port: env.appliance.ports.ANALYZER_PORT as number, tls: await issueLeaf(env.appliance.env['CA_DIR'] ?? '', 'cloud-cache') };
    const summary = (volumeId: string): cache.IVolumeIoSummary => ({
      volumeId, targetIqn: volumeId.slice(0, volumeId.lastIndexOf('/')), lun: 0, windowStart: { unixMillis: Date.now() - 1000 }, windowEnd: { unixMillis: Date.now() }, readOps: 1, hitRatio: 1,
    });
    const batch = (ids: string[]): Buffer => Buffer.from(cache.IoSummaryBatch.encode({ sentAt: { unixMillis: Date.now() }, volumes: ids.map(summary) }).finish());
    const hostileIds = ['../../etc/passwd', 'iqn.2024-01.io.ferry:vm\u0000/0', 'iqn.2024-01.io.ferry:\u202egpj/0', `iqn.2024-01.io.ferry:${'v'.repeat(10_000)}/0`, '<script>/0', 'iqn.2024-01.io.ferry:a\ud800/0'];
    const long = (p: number, i: number): string => `iqn.2024-01.io.ferry:${String(p * 5000 + i).padStart(6, '0')}${'x'.repeat(374)}/0`;
    const posts: { what: string; expect: number[]; send: () => Promise<HttpAnswer> }[] = [
      // Oversized: 6 batches of 5,000 distinct 400-character ids from one sender (413: more than 1,000 per sender), and a 9 MiB body (413).
      ...Array.from({ length: 6 }, (_, p) => ({ what: '5,000 ids', expect: [413], send: () => postToAnalyzer(target, batch(Array.from({ length: 5000 }, (__, i) => long(p, i))), { from: '127.0.0.60' }) })),
      { what: '9 MiB body', expect: [413], send: () => postToAnalyzer(target, Buffer.alloc(9 << 20, 0x0a), { from: '127.0.0.61' }) },
      // A burst from one sender: 8 batches of 1,000 distinct valid ids (the first taken, then 429 by the sender's rate or volume cap).
      ...Array.from({ length: 8 }, (_, p) => ({ what: 'burst of 1,000 ids', expect: [204, 429], send: () => postToAnalyzer(target, batch(Array.from({ length: 1000 }, (__, i) => `iqn.2024-01.io.ferry:hostile-p${p}-${i}/0`)), { from: '127.0.0.62' }) })),
      // Garbage, hostile ids, other content types, methods and paths.
      ...Array.from({ length: 10 }, () => ({ what: 'random bytes', expect: [400], send: () => postToAnalyzer(target, rng.bytes(rng.between(1, 64 * KiB)), { from: '127.0.0.63' }) })),
      ...hostileIds.map((id) => ({ what: 'hostile id', expect: [400], send: () => postToAnalyzer(target, batch([id]), { from: '127.0.0.64' }) })),
      { what: 'text/plain', expect: [415], send: () => postToAnalyzer(target, Buffer.from('hello'), { contentType: 'text/plain' }) },
      { what: 'GET', expect: [405], send: () => postToAnalyzer(target, Buffer.alloc(0), { method: 'GET' }) },
      { what: 'other path', expect: [404], send: () => postToAnalyzer(target, batch([]), { path: '/../../etc/passwd' }) },
    ];
    const wrong: string[] = [];
    for (const p of posts) {
      const begun = performance.now();
      const answer = await p.send();
      const ms = Math.round(performance.now() - begun);
      totals.inputs.analyzer++;
      totals.analyzer[String(answer.status)] = (totals.analyzer[String(answer.status)] ?? 0) + 1;
      if (!p.expect.includes(answer.status)) wrong.push(`${p.what}: ${answer.status} ${answer.text.slice(0, 160)}`);
      if (ms > HANG_MS) totals.hangs.push({ what: `analyzer ${p.what}`, ms, code: String(answer.status) });
    }
    const listed = await env.call<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>('ListCacheVolumes', { pageSize: 1000 });
    const ids = listed.volumes.map((v) => v.summary?.volumeId ?? '');
    log(`hostile input (4): ${posts.length} posts answered ${JSON.stringify(totals.analyzer)}; ${listed.totalSize} volumes held`);
    for (const w of wrong) log(`hostile input (4): ${w}`);
    expect(wrong).toEqual([]);
    expect(ids.filter((id) => /passwd|script|\u0000|\u202e|vvvv|\p{Cs}/u.test(id))).toEqual([]);
    expect(listed.totalSize).toBeLessThanOrEqual(10_000);
  });

  it('(5) closes iSCSI connections that send malformed PDUs or a login text without end, refuses a connection flood over the per-address cap, and keeps a bounded RSS', async () => {
    const port = env.cache.ports.ISCSI_PORT as number;
    const iqn = 'iqn.2024-01.io.ferry:hostile';
    const ok = textKeys(`InitiatorName=${iqn}-initiator`, `TargetName=${iqn}`, 'SessionType=Normal', 'HeaderDigest=None', 'DataDigest=None');
    const scsiCommand = Buffer.alloc(48);
    scsiCommand[0] = 0x01; // SCSI Command before login
    const cases: [string, Buffer | Buffer[]][] = [
      ['48 random bytes', rng.bytes(48)],
      ['a SCSI command before login', scsiCommand],
      ['a data segment length of 16 MiB - 1', loginPdu(Buffer.alloc(0), { dataLengthField: 0xffffff })],
      ['1020 bytes of AHS on a login', loginPdu(ok, { ahsWords: 255 })],
      ['login text without key=value form', loginPdu(rng.bytes(4000))],
      ['login text of NULs and = signs', loginPdu(Buffer.alloc(8192, '=\u0000'))],
      ['an unknown target', loginPdu(textKeys(`InitiatorName=${iqn}-initiator`, 'TargetName=iqn.2024-01.io.ferry:no-such-target', 'SessionType=Normal'))],
      ['a target name with NUL, U+202E and ../', loginPdu(textKeys(`InitiatorName=${iqn}\u202e`, 'TargetName=../../etc/passwd', 'SessionType=Normal'))],
      ['64 KiB of login text over 8 continued PDUs, no key=value', [0, 1, 2, 3, 4, 5, 6, 7].map((i) => loginPdu(Buffer.alloc(8192, i === 0 ? 'K' : 'v'), { continued: i < 7 }))],
      ['a Logout before login', Buffer.from([0x46, 0x80, ...Buffer.alloc(46)])],
    ];
    const outcomes: Record<string, string> = {};
    const wrong: string[] = [];
    for (const [what, bytes] of cases) {
      const o = await iscsiExchange(port, bytes, { waitMs: 3000 });
      totals.inputs.iscsiPdus++;
      outcomes[what] = `${o.answers.map((a) => `0x${a.toString(16)}`).join(',') || 'nothing'}${o.loginStatus !== undefined ? ` status 0x${o.loginStatus.toString(16).padStart(4, '0')}` : ''}, ${o.closedByTarget ? `closed after ${o.ms} ms` : 'still open'}`;
      if (!o.closedByTarget) wrong.push(`${what}: still open after 3 s`);
    }
    // A login whose text never ends: continued Login PDUs of 8 KiB, 2,048 of them (16 MiB).
    const cacheRssBefore = rssMiB(env.cache.pid);
    const endless = await iscsiExchange(port, Array.from({ length: 2048 }, () => loginPdu(Buffer.alloc(8192, 'a'), { continued: true })), { waitMs: 3000 });
    const cacheRssAfterEndless = rssMiB(env.cache.pid);
    totals.inputs.iscsiPdus += 2048;
    outcomes['2,048 continued login PDUs (16 MiB)'] = `${endless.answers.length} answers, ${endless.closedByTarget ? `closed after ${endless.ms} ms` : 'still open'}, cloud-cache RSS ${cacheRssBefore} -> ${cacheRssAfterEndless} MiB`;
    if (!endless.closedByTarget) wrong.push('a login text without end: still open after 3 s');
    // A flood from one address: 150 connections against the per-address cap (ISCSI_MAX_CONNECTIONS_PER_ADDRESS, 64).
    const flood = await iscsiFlood(port, 150, { from: '127.0.0.70', holdMs: 1000 });
    totals.inputs.iscsiConnections += 150;
    // Afterwards the same address connects again and gets a Login Response, once the target has seen the flood's connections close.
    const unknownTarget = loginPdu(textKeys(`InitiatorName=${iqn}-initiator`, 'TargetName=iqn.2024-01.io.ferry:no-such-target', 'SessionType=Normal'));
    let after = await iscsiExchange(port, unknownTarget, { waitMs: 3000, from: '127.0.0.70' });
    for (let attempt = 1; after.answers.length === 0 && attempt < 10; attempt++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await iscsiExchange(port, unknownTarget, { waitMs: 3000, from: '127.0.0.70' });
    }
    totals.iscsi = { outcomes, flood, afterFlood: { answers: after.answers, loginStatus: after.loginStatus }, cacheRssMiB: { before: cacheRssBefore, afterEndlessLogin: cacheRssAfterEndless, after: rssMiB(env.cache.pid) } };
    for (const [what, outcome] of Object.entries(outcomes)) log(`hostile input (5): ${what}: ${outcome}`);
    log(`hostile input (5): flood of 150 from one address: ${JSON.stringify(flood)}; then a login from it: ${after.answers.length ? `0x${after.loginStatus?.toString(16)}` : 'no answer'}`);
    expect(wrong).toEqual([]);
    expect(flood.refusedAtOnce).toBeGreaterThanOrEqual(150 - 64);
    expect(flood.held).toBeLessThanOrEqual(64);
    expect(after.answers[0]).toBe(0x23);
    expect(cacheRssAfterEndless - cacheRssBefore).toBeLessThan(64);
  });

  it('(6) afterwards: every service alive and answering within 1 s, the plan intact, the appliance under the RSS bound, the event store verified', async () => {
    const crashed = SERVICES.filter((s) => !alive(env[s].pid));
    const metricsMs: Record<string, number> = {};
    for (const s of SERVICES) {
      const begun = performance.now();
      const reply = await fetch(`http://127.0.0.1:${env[s].opsPort}/metrics`, { signal: AbortSignal.timeout(5000) });
      await reply.text();
      metricsMs[env[s].name] = Math.round(performance.now() - begun);
      expect(reply.status).toBe(200);
    }
    const client = rawClient(address, env.api.credentials('viewer'));
    let plan: api.Plan;
    let planMs: number;
    try {
      const getPlan = rpc('GetPlan');
      const begun = performance.now();
      plan = await new Promise<api.Plan>((resolve, reject) =>
        client.makeUnaryRequest(getPlan.path, (b: Buffer) => b, (b: Buffer) => api.Plan.decode(b), getPlan.encode({ planId }), { deadline: Date.now() + 5000 }, (e, v) => (e ? reject(e) : resolve(v as api.Plan))),
      );
      planMs = Math.round(performance.now() - begun);
    } finally {
      client.close();
    }
    const nats = await env.nats.connect('auditor');
    let audit: Awaited<ReturnType<typeof verifyAudit>>;
    try {
      audit = await verifyAudit(nats);
    } finally {
      await nats.close();
    }
    totals.rssMiB.after = rssMiB(env.appliance.pid);
    totals.rssMiB.peak = Math.max(totals.rssMiB.peak, totals.rssMiB.after);
    const inputs = Object.values(totals.inputs).reduce((a, b) => a + b, 0);
    const figures = {
      suite: 'hostile-input', seed: SEED, inputs, inputsBy: totals.inputs, bodies: totals.byKind, grpcAnswers: totals.refusals, analyzerAnswers: totals.analyzer,
      iscsiFlood: (totals.iscsi as { flood?: unknown }).flood, crashes: crashed.length, crashed, hangs: totals.hangs.length, slowestCallMs: totals.slowestCallMs,
      afterMs: { metrics: metricsMs, getPlan: planMs }, rssMiB: totals.rssMiB, cloudCacheRssMiB: (totals.iscsi as { cacheRssMiB?: unknown }).cacheRssMiB,
      audit: { intact: audit.intact, events: audit.events, aggregates: audit.aggregates, findings: audit.findings.length }, ms: Math.round(performance.now() - started),
    };
    log(`hostile input: ${inputs} inputs; gRPC answers by code ${JSON.stringify(totals.refusals)}; crashes ${crashed.length}; hangs over 2 s ${totals.hangs.length}; appliance RSS ${totals.rssMiB.before} MiB before, ${totals.rssMiB.peak} peak, ${totals.rssMiB.after} after (bound ${RSS_BOUND_MIB})`);
    log(JSON.stringify(figures));
    expect(crashed).toEqual([]);
    expect(Object.values(metricsMs).every((ms) => ms < 1000)).toBe(true);
    expect(planMs).toBeLessThan(1000);
    expect(plan.name).toBe('hostile wave');
    expect(totals.rssMiB.peak).toBeLessThan(RSS_BOUND_MIB);
    expect(audit.intact).toBe(true);
    expect(totals.hangs).toEqual([]);
  });
});
