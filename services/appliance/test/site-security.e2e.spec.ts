// NATS identities, the signed audit and secrets on one running site (startFerrySite: the real services,
// a real nats-server from its generated config with TLS and one nkey identity per service): a client
// without credentials is refused; prem-manager cannot append migration events; no identity can purge,
// delete from, update or delete FERRY_EVENTS; after a real cold migration `ferry audit verify` finds
// every batch signed by a key the site CA certified, names an event forged with the appliance's own
// NATS credentials as unsigned, and reports a deleted tail against the appliance's signed checkpoint;
// no secret appears in any service log, the NATS log or any stored event.
import { spawn } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { AUDIT_CHECKPOINT_FILE, EVENT_SIGNING_KEY_FILE, JetStreamEventStore, readCheckpoint } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { NATS_IDENTITIES, unaryCall, type NatsIdentity } from '@ferry/service-kit';
import { SITE_SERVICES } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { waitForEvent } from './cold-migration-checks';
import { makeSourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const CLI = resolve(__dirname, '../../../packages/cli/dist/src/main.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let env: ColdMigrationEnv;
let migrationId: string;

/** `ferry audit verify` as an auditor runs it: the auditor's NATS identity, the site CA folder and the signers' checkpoints. */
function auditVerify(): Promise<{ code: number | null; out: string; err: string }> {
  const security = env.nats.security!;
  const checkpoints = ['appliance', 'inventory', 'guest-prep'].flatMap((s) => ['--checkpoint', stateDir(s)]);
  const args = ['audit', 'verify', '--nats', env.nats.url, '--nats-credentials', security.credentialsFile('auditor'), '--nats-ca', security.caFile, '--site-ca', env.caDir, ...checkpoints];
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

function stateDir(service: string): string {
  const dir = env[service === 'appliance' ? 'appliance' : service === 'inventory' ? 'inventory' : 'guestPrep'].env.STATE_DIR;
  if (!dir) throw new Error(`${service} runs without a STATE_DIR`);
  return dir;
}

/** The stream's first sequence and message count: a purge or a deleted message would change them (other services go on appending). */
async function streamState(): Promise<{ first: number; messages: number }> {
  const auditor = await env.nats.connect();
  try {
    const { state } = await (await auditor.jetstreamManager()).streams.info('FERRY_EVENTS');
    return { first: state.first_seq, messages: state.messages };
  } finally {
    await auditor.close();
  }
}

/** The sequence of the last batch stored on a subject. */
async function lastOn(subject: string): Promise<number> {
  const auditor = await env.nats.connect();
  try {
    return (await (await auditor.jetstreamManager()).streams.getMessage('FERRY_EVENTS', { last_by_subj: subject })).seq;
  } finally {
    await auditor.close();
  }
}

beforeAll(async () => {
  env = await startColdMigrationEnv();
  const vm = await makeSourceVm(env, { name: 'security-vm', diskMiB: [8], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });
  for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
    const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
    if ((found?.disks ?? []).length === 1) break;
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId: 'security', name: 'security', concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  });
  migrationId = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds[0]!;
  const types = await waitForEvent(env, migrationId, ['MigrationCompleted', 'MigrationFailed'], 120_000);
  expect(types.at(-1)).toBe('MigrationCompleted');
}, 240_000);

afterAll(async () => {
  await env?.stop();
});

describe('NATS: TLS and one identity per service', () => {
  it('refuses a client without credentials, at the TLS handshake and, trusting the CA, at authorization', async () => {
    await expect(connect({ servers: env.nats.url, reconnect: false })).rejects.toThrow(/certificate/);
    const ca = await readFile(env.nats.security!.caFile, 'utf8');
    await expect(connect({ servers: env.nats.url, tls: { ca }, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('refuses prem-manager appending to the migration\'s event subject; the migration keeps its events', async () => {
    const subject = `ferry.evt.migration.${migrationId}`;
    const before = await lastOn(subject);
    const prem = await env.nats.connect('prem-manager');
    try {
      const js = prem.jetstream();
      await expect(js.publish(subject, Buffer.from('forged'), { timeout: 2000 })).rejects.toThrow(/Permissions Violation for Publish to "ferry\.evt\.migration\./);
    } finally {
      await prem.close();
    }
    expect(await lastOn(subject)).toBe(before);
  });

  it.each(NATS_IDENTITIES.map((identity) => [identity]))('refuses %s purging FERRY_EVENTS, deleting a message, updating or deleting the stream', async (identity: NatsIdentity) => {
    const before = await streamState();
    const nc: NatsConnection = await env.nats.connect(identity);
    try {
      for (const call of ['STREAM.PURGE', 'STREAM.MSG.DELETE', 'STREAM.UPDATE', 'STREAM.DELETE']) {
        const subject = `$JS.API.${call}.FERRY_EVENTS`;
        const answer = await nc.request(subject, Buffer.from('{"seq":1}'), { timeout: 2000 }).then(() => 'answered', (error: Error) => error.message);
        expect([call, answer]).toEqual([call, expect.stringContaining(`Permissions Violation for Publish to "${subject}"`)]);
      }
    } finally {
      await nc.close();
    }
    const after = await streamState();
    expect({ first: after.first, kept: after.messages >= before.messages }).toEqual({ first: 1, kept: true });
  });
});

describe('signed audit', () => {
  it('given the migration\'s history, when verified against the site CA, then every batch is signed by a certified service key', async () => {
    const result = await auditVerify();
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^intact: FERRY_EVENTS has \d+ messages.*every batch signed by a trusted key \(.*appliance [0-9a-f]{16}: \d+.*\), 3 checkpoint\(s\) matched/) });
    expect(result.out).toContain('inventory');
  });

  it('given a well-chained event appended with the appliance\'s stolen NATS credentials, when verified, then it is named unsigned by sequence and migration', async () => {
    const stolen = await env.nats.connect('appliance');
    let forgedAt: number;
    try {
      // The intruder uses Ferry's own store library: the hash chain is well formed, only the signing key is missing.
      const store = await JetStreamEventStore.open(stolen);
      const ref = { aggregate: 'migration', id: migrationId };
      const { version } = await store.load(ref);
      const payload = mig.MigrationFailed.encode(mig.MigrationFailed.create({})).finish();
      forgedAt = (await store.append(ref, [{ type: 'MigrationFailed', payload }], { expectedVersion: version, commandId: 'forged-by-intruder', actor: 'operator:e2e-tester', traceId: '' })).version;
    } finally {
      await stolen.close();
    }
    const result = await auditVerify();
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n')).toEqual([
      `unsigned ferry.evt.migration.${migrationId} seq ${forgedAt} event 0: MigrationFailed (actor operator:e2e-tester) is signed by no trusted key: the batch carries no signature`,
    ]);
    // The appliance's own audit check (GetAuditStatus, as the admin) names it as well.
    const admin = env.api.client('admin');
    try {
      const status = await unaryCall<api.IGetAuditStatusRequest, api.AuditStatus>(admin, 'GetAuditStatus', {});
      expect(status.findings).toContainEqual(expect.stringContaining(`unsigned ferry.evt.migration.${migrationId} seq ${forgedAt} event 0`));
    } finally {
      admin.close();
    }
  });

  it('given an older copy of the store put back (its tail deleted), when verified, then the appliance\'s signed checkpoint reports the lost tail', async () => {
    const snapshot = `${env.nats.dataDir}-snapshot`;
    await env.nats.kill9();
    await cp(env.nats.dataDir, snapshot, { recursive: true });
    await env.nats.restart();
    const snapshotEnd = (await streamState()).messages;
    // The appliance appends after the snapshot: the admin adds a user (a principals event, signed, checkpointed).
    const admin = env.api.client('admin');
    try {
      for (const deadline = Date.now() + 30_000; ; await sleep(250)) {
        const added = await unaryCall<api.ICreateUserRequest, api.IUser>(admin, 'CreateUser', { user: 'tail-witness', password: 'tail-witness-password-1', role: 'viewer' }).then(() => true, () => false);
        if (added) break;
        if (Date.now() > deadline) throw new Error('the appliance did not take CreateUser after the NATS restart');
      }
    } finally {
      admin.close();
    }
    // The appliance writes its checkpoint right behind each append.
    let checkpoint = await readCheckpoint(join(stateDir('appliance'), AUDIT_CHECKPOINT_FILE));
    for (const deadline = Date.now() + 5000; (checkpoint?.lastSequence ?? 0) <= snapshotEnd && Date.now() < deadline; await sleep(50)) {
      checkpoint = await readCheckpoint(join(stateDir('appliance'), AUDIT_CHECKPOINT_FILE));
    }
    expect(checkpoint?.lastSequence).toBeGreaterThan(snapshotEnd);

    await env.nats.kill9();
    await rm(env.nats.dataDir, { recursive: true, force: true });
    await cp(snapshot, env.nats.dataDir, { recursive: true });
    await rm(snapshot, { recursive: true, force: true });
    await env.nats.restart();
    const result = await auditVerify();
    expect(result.code).toBe(1);
    expect(result.out).toMatch(new RegExp(`^missing FERRY_EVENTS seq \\d+: (deleted|rewritten) tail: appliance's signed checkpoint of \\S+ records (its batch at )?sequence ${checkpoint!.lastSequence}`, 'm'));
  });
});

describe('secrets', () => {
  it('given the whole run, when every service log, the NATS log and every stored event are searched, then no secret value appears', async () => {
    const security = env.nats.security!;
    const secrets: Record<string, string> = {
      'prem vCenter password': env.pair.prem.password,
      'cloud vCenter password': env.pair.cloud.password,
      'admin bootstrap password': (await readFile(join(env.dir, 'admin-bootstrap'), 'utf8')).trim(),
      'admin token': env.api.admin.token,
      'operator token': env.api.operator.token,
      'site CA key': pemBody(await readFile(join(env.caDir, 'ca.key'), 'utf8')),
    };
    const siteKey = await readFile(join(env.caDir, 'site.key'));
    Object.assign(secrets, { 'site data-plane key (hex)': siteKey.toString('hex'), 'site data-plane key (base64)': siteKey.toString('base64') });
    const chapKey = await readFile(join(env.caDir, 'cache-chap.key')).catch(() => undefined);
    if (chapKey) Object.assign(secrets, { 'CHAP key (hex)': chapKey.toString('hex'), 'CHAP key (base64)': chapKey.toString('base64') });
    for (const identity of NATS_IDENTITIES) secrets[`NATS seed of ${identity}`] = (await readFile(security.credentialsFile(identity), 'utf8')).trim();
    for (const service of ['appliance', 'inventory', 'guest-prep']) secrets[`event-signing key of ${service}`] = pemBody(await readFile(join(stateDir(service), EVENT_SIGNING_KEY_FILE), 'utf8'));

    const texts: Record<string, string> = { 'nats-server log': env.nats.log() };
    const services = [env.inventory, env.esxi, env.prem, env.cloud, env.cache, env.guestPrep, env.appliance];
    expect(services.map((s) => s.name).sort()).toEqual([...SITE_SERVICES].sort());
    for (const service of services) texts[`${service.name} log`] = service.log();
    texts['stored events'] = await everyStoredMessage();
    // The corpus is the real one: the migration is in the events and in the appliance's log.
    expect(texts['stored events']).toContain(migrationId);
    expect(texts['appliance log']).toContain('ready: ops');

    const leaks = Object.entries(secrets).flatMap(([secret, value]) =>
      Object.entries(texts).filter(([, text]) => value.length >= 8 && text.includes(value)).map(([where]) => `${secret} in ${where}`));
    // The guest password of the simulator is a word ("ferry-guest") that also names vcsim's file-transfer path; look for it as a whole.
    const guest = (await readFile(join(env.dir, 'guest-password'), 'utf8')).trim();
    const guestLeaks = Object.entries(texts).filter(([, text]) => new RegExp(`${guest}(?![A-Za-z])`).test(text)).map(([where]) => `guest password in ${where}`);
    expect([...leaks, ...guestLeaks]).toEqual([]);
  });
});

describe('permissions fit the services', () => {
  it('given the whole run (a migration, NATS restarts), when the services\' logs are read, then none was refused a subject', () => {
    const refused = [env.inventory, env.esxi, env.prem, env.cloud, env.cache, env.guestPrep, env.appliance]
      .flatMap((service) => service.log().split('\n').filter((line) => /Permissions Violation|PERMISSIONS_VIOLATION|Authorization Violation/i.test(line)).map((line) => `${service.name}: ${line}`));
    expect(refused).toEqual([]);
  });
});

/** The last line of a PEM block's base64 body: random key material, as a leaked key would show it in a log. */
function pemBody(pem: string): string {
  return pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----')).at(-1) ?? '';
}

/** Every stored message's subject, headers and body as text (bodies also in base64). */
async function everyStoredMessage(): Promise<string> {
  const auditor = await env.nats.connect();
  try {
    const jsm = await auditor.jetstreamManager();
    const { last_seq: last, first_seq: first } = (await jsm.streams.info('FERRY_EVENTS')).state;
    const parts: string[] = [];
    for (let seq = first; seq <= last; seq++) {
      const message = await jsm.streams.getMessage('FERRY_EVENTS', { seq }).catch(() => undefined);
      if (!message) continue;
      const headers = message.header ? [...message.header.keys()].map((k) => `${k}: ${message.header.get(k)}`).join('\n') : '';
      parts.push(message.subject, headers, Buffer.from(message.data).toString('latin1'), Buffer.from(message.data).toString('base64'));
    }
    return parts.join('\n');
  } finally {
    await auditor.close();
  }
}
