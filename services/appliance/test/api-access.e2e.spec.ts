// Access to the integrator API on a whole running site (issue 16 items 1-3): TLS by default, callers
// authenticated by a login token or an API key, every RPC's role checked in one place, the actor of
// every event the authenticated principal, and refused calls in the security stream; an operator scoped
// to one plan, and a rotation of the token key that logs nobody out. One site, one small cold migration.
import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials, status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeTempDir } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { makeSourceVm, type SourceVm } from './source-vms';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');
/** The security stream's flush window here: short, so a test sees its refusals stored. */
const FLUSH_MS = 500;
const MAX_DISTINCT = 20;

let env: ColdMigrationEnv;
let vm: SourceVm;
let temp: { dir: string; cleanup: () => Promise<void> };

async function refusal(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as ServiceError).code, details: (error as ServiceError).details };
  }
  throw new Error('expected the call to be refused');
}

/** One call on a client made for it. */
async function callAs<Res>(client: Client, method: string, request: object): Promise<Res> {
  try {
    return await unaryCall<object, Res>(client, method, request, { deadline: Date.now() + 20_000 });
  } finally {
    client.close();
  }
}

/** A token for `user` as the appliance makes them, but signed with `key` and expiring at `expSeconds`. */
function tokenWith(key: Uint8Array, user: string, expSeconds: number): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user).setIssuer('ferry-appliance').setAudience('ferry-api').setIssuedAt(expSeconds - 3600).setExpirationTime(expSeconds).sign(key);
}

function ferryCli(vars: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CONFIG_HOME: join(temp.dir, 'config'), ...vars } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const securityEvents = async (): Promise<api.ISecurityEvent[]> =>
  (await callAs<api.ListSecurityEventsResponse>(env.api.client('admin'), 'ListSecurityEvents', { days: 1, limit: 1000 })).events;

/** Waits until the security stream holds an event matching `match`. */
async function storedRefusal(match: (e: api.ISecurityEvent) => boolean): Promise<api.ISecurityEvent> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await securityEvents()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the refusal did not reach the security stream within 10 s');
    await new Promise((r) => setTimeout(r, FLUSH_MS));
  }
}

beforeAll(async () => {
  temp = await makeTempDir('ferry-access-e2e-');
  env = await startColdMigrationEnv({ SECURITY_FLUSH_MS: String(FLUSH_MS), SECURITY_MAX_DISTINCT: String(MAX_DISTINCT) });
  vm = await makeSourceVm(env, { name: 'access-src', diskMiB: [4], cpus: 1, coresPerSocket: 1, memoryMB: 256, firmware: 'bios' });
}, 240_000);

afterAll(async () => {
  await env?.stop();
  await temp?.cleanup();
});

describe('the integrator API on a running site', () => {
  it('serves TLS from the site CA: a plaintext client gets no answer, a client trusting the CA does', async () => {
    const plaintext = grpcClient('ferry.api.v1.Ferry', env.api.address, { credentials: credentials.createInsecure() });
    const answer = await refusal(callAs(plaintext, 'ListPlans', {}));
    expect(answer.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(await callAs<api.ListPlansResponse>(env.api.client('viewer'), 'ListPlans', {})).toBeDefined();
    expect(env.appliance.log()).toContain(`TLS with ${env.caDir}/appliance-api.crt from the site CA`);
  });

  it('refuses a call without a credential, an expired token and a token signed by another key UNAUTHENTICATED, saying to run ferry login', async () => {
    const none = await refusal(callAs(env.api.client(null), 'GetPlan', { planId: 'plan-1' }));
    expect(none).toEqual({ code: GrpcStatus.UNAUTHENTICATED, details: expect.stringMatching(/^the call carries no credential; send "authorization: Bearer <token>" with a token from `ferry login`/) });

    const key = Buffer.from((await readFile(join(env.appliance.env['STATE_DIR']!, 'api-token.key'), 'utf8')).trim(), 'base64');
    const expired = await tokenWith(key, 'e2e-tester', Math.floor(Date.now() / 1000) - 60);
    const late = await refusal(callAs(env.api.client({ actor: 'operator:e2e-tester', token: expired }), 'ListPlans', {}));
    expect(late).toEqual({ code: GrpcStatus.UNAUTHENTICATED, details: expect.stringMatching(/^the token expired at \d{4}-\d\d-\d\dT[\d:.]+Z; run `ferry login` for a new one$/) });

    const foreign = await tokenWith(Buffer.alloc(32, 9), 'admin', Math.floor(Date.now() / 1000) + 600);
    const forged = await refusal(callAs(env.api.client({ actor: 'operator:admin', token: foreign }), 'ListUsers', {}));
    expect(forged).toEqual({ code: GrpcStatus.UNAUTHENTICATED, details: "the token is not signed by this appliance's key (the key was rotated, or the token is from another site); run `ferry login` for a new one" });

    // Each is in the security stream, with where it came from.
    const stored = await storedRefusal((e) => e.rpc === 'ListUsers' && e.code === 'UNAUTHENTICATED');
    expect(stored).toMatchObject({ peer: '127.0.0.1', principal: '', reason: forged.details, repeats: 1 });
    await storedRefusal((e) => e.rpc === 'ListPlans' && (e.reason ?? '').startsWith('the token expired'));
  });

  it("refuses a viewer's StartPlan PERMISSION_DENIED naming the role needed and the viewer's, and records it", async () => {
    const denied = await refusal(callAs(env.api.client('viewer'), 'StartPlan', { planId: 'plan-00000000000000000000000000000000' }));
    expect(denied).toEqual({
      code: GrpcStatus.PERMISSION_DENIED,
      details: 'StartPlan needs the role operator; operator:e2e-viewer has the role viewer; ask an admin to grant it (`ferry users grant <user> operator`)',
    });
    const stored = await storedRefusal((e) => e.rpc === 'StartPlan' && e.code === 'PERMISSION_DENIED');
    expect(stored.principal).toBe('operator:e2e-viewer');
    // The operator may not manage users or read the audit trail either.
    expect((await refusal(callAs(env.api.client('operator'), 'CreateUser', { user: 'eve', password: 'a long enough password', role: 'admin' }))).code).toBe(GrpcStatus.PERMISSION_DENIED);
    expect((await refusal(callAs(env.api.client('operator'), 'GetAuditStatus', {}))).code).toBe(GrpcStatus.PERMISSION_DENIED);
  });

  it('folds a flood of refused calls into a bounded number of stored events', async () => {
    const before = (await securityEvents()).length;
    const bare = env.api.client(null);
    try {
      await Promise.all(Array.from({ length: 500 }, () => unaryCall(bare, 'ListVms', {}).catch(() => undefined)));
    } finally {
      bare.close();
    }
    const counted = (events: api.ISecurityEvent[]) => events.filter((e) => e.rpc === 'ListVms').reduce((n, e) => n + (e.repeats ?? 0), 0);
    let after = await securityEvents();
    for (const deadline = Date.now() + 10_000; counted(after) < 500 && Date.now() < deadline; after = await securityEvents()) await new Promise((r) => setTimeout(r, FLUSH_MS));
    // The 500 calls are alike (same RPC, code, host and reason): one event per flush window they spanned, not 500.
    expect(counted(after)).toBe(500);
    expect(after.length - before).toBeLessThanOrEqual(5);
    expect(after.filter((e) => e.rpc === 'ListVms').every((e) => e.code === 'UNAUTHENTICATED' && e.peer === '127.0.0.1')).toBe(true);
  });

  it('ferry login keeps a 0600 token in the config dir; users, keys and the security stream through the CLI', async () => {
    const admin = { FERRY_APPLIANCE: env.api.address, FERRY_CA_FILE: env.api.caFile, FERRY_TOKEN: env.api.admin.token };
    const passwordFile = join(temp.dir, 'olga-password');
    await writeFile(passwordFile, 'olga has a long password\n', { mode: 0o600 });
    expect(ferryCli(admin, 'users', 'add', 'olga', '--role', 'viewer', '--password-file', passwordFile)).toMatchObject({ code: 0, stdout: 'added operator:olga (role viewer)\n' });
    expect(ferryCli(admin, 'users', 'grant', 'olga', 'operator')).toMatchObject({ code: 0, stdout: 'granted operator:olga (role operator)\n' });

    const olga = { FERRY_APPLIANCE: env.api.address, FERRY_CA_FILE: env.api.caFile };
    const notYet = ferryCli(olga, 'plans');
    expect(notYet.code).toBe(5);
    expect(notYet.stderr).toContain('UNAUTHENTICATED: the call carries no credential; ');
    expect(notYet.stderr).toContain('(the CLI sent no credential (not logged in);');
    expect(notYet.stderr).toContain(`log in with \`ferry login --appliance ${env.api.address} --user <name>\``);
    const wrong = spawnSync(process.execPath, [CLI, 'login', '--user', 'olga'], { input: 'not her password\n', encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: join(temp.dir, 'config'), ...olga } });
    expect({ code: wrong.status, stderr: wrong.stderr }).toEqual({ code: 5, stderr: expect.stringContaining('wrong user name or password for "olga"') });

    const login = ferryCli(olga, 'login', '--user', 'olga', '--password-file', passwordFile);
    expect(login.code).toBe(0);
    const sessions = join(temp.dir, 'config', 'ferry', 'sessions.json');
    expect(login.stdout).toMatch(new RegExp(`^logged in to ${env.api.address} as operator:olga \\(role operator\\) until \\S+; token kept in ${sessions} \\(mode 0600\\)\n$`));
    expect((await stat(sessions)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.dir, 'config', 'ferry'))).mode & 0o777).toBe(0o700);
    expect(ferryCli(olga, 'whoami').stdout).toMatch(/^operator:olga \(role operator\), token valid until /);
    expect(ferryCli(olga, 'plans').code).toBe(0);

    // A changed password ends the tokens issued before it.
    await writeFile(passwordFile, 'olga has a new long password\n', { mode: 0o600 });
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds
    expect(ferryCli(admin, 'users', 'passwd', 'olga', '--password-file', passwordFile).code).toBe(0);
    expect(ferryCli(olga, 'plans').stderr).toContain('the password of "olga" was changed after this token was issued; run `ferry login` with the new password');
    expect(ferryCli(olga, 'logout')).toMatchObject({ code: 0, stdout: `logged out of ${env.api.address}\n` });

    // An integrator's API key: shown once, acts as integrator:<name>, refused once revoked.
    const created = ferryCli(admin, 'keys', 'create', 'ci', '--role', 'viewer');
    expect(created.code).toBe(0);
    const key = created.stdout.split('\n')[0]!;
    expect(key).toMatch(/^fk_[A-Za-z0-9_-]{43}$/);
    expect(ferryCli({ ...olga, FERRY_TOKEN: key }, 'whoami').stdout).toBe('integrator:ci (role viewer)\n');
    expect(ferryCli({ ...olga, FERRY_TOKEN: key }, 'cancel', 'mig-00000000000000000000000000000000-1').stderr).toContain('CancelMigration needs the role operator; integrator:ci has the role viewer');
    expect(ferryCli(admin, 'keys', 'revoke', 'ci', '--reason', 'rotated')).toMatchObject({ code: 0, stdout: 'revoked integrator:ci\n' });
    expect(ferryCli({ ...olga, FERRY_TOKEN: key }, 'whoami').stderr).toContain('the API key "ci" was revoked');
    const listed = ferryCli(admin, 'users', 'list');
    expect(listed.stdout).toMatch(/^operator:olga\s+operator\s/m);
    expect(listed.stdout).toMatch(/^integrator:ci\s+viewer\s+site\s+\S+\s+key revoked$/m);
    // No event holds a password or a key: only their hashes.
    const exported = ferryCli(admin, 'audit', 'export', '--aggregate', 'site');
    expect(exported.code).toBe(0);
    const payloads = exported.stdout.trim().split('\n').map((l) => Buffer.from((JSON.parse(l) as { payload: string }).payload, 'base64').toString('latin1')).join('\n');
    expect(payloads).toContain('scrypt$');
    expect(payloads).not.toContain('olga has a');
    expect(payloads).not.toContain(key);

    const shown = ferryCli(admin, 'security', 'events');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^AT\s+RPC\s+CODE\s+PRINCIPAL\s+FROM\s+REPEATS\s+REASON$/m);
    expect(shown.stdout).toMatch(/\sStartPlan\s+PERMISSION_DENIED\s+operator:e2e-viewer\s+127\.0\.0\.1\s+1\s+StartPlan needs the role operator/);
  });

  it('an operator plans and migrates a VM; every event of it names the operator or the appliance, never a client-set actor', async () => {
    const deadline = Date.now() + 30_000;
    while (!(await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined))) {
      if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
      requestId: 'access-wave', name: 'access wave', mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
      networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
      storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
      target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    });
    const [migrationId] = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds;
    const watched = ferryCli(env.api.cliEnv('viewer'), 'watch', migrationId!, '--json');
    expect(watched.code).toBe(0);
    const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    const actors = new Set(events.map((e) => `${e.meta?.actor?.kind}:${e.meta?.actor?.id}`));
    expect(events.at(-1)?.typeName).toBe('MigrationCompleted');
    expect(events.find((e) => e.typeName === 'MigrationPlanned')?.meta?.actor).toEqual(expect.objectContaining({ kind: 'operator', id: 'e2e-tester' }));
    expect([...actors].every((a) => a === 'operator:e2e-tester' || a.startsWith('service:'))).toBe(true);
    const shown = ferryCli(env.api.cliEnv('viewer'), 'events', migrationId!);
    expect(shown.stdout).toMatch(/\bMigrationPlanned\s+operator:e2e-tester\b/);
  });

  it('lets an operator scoped to plan A start plan A but not plan B (PERMISSION_DENIED naming the scope), and list only plan A', async () => {
    // Both plans start a day from now: StartPlan records the start and no migration runs during the test.
    const tomorrow = { unixMillis: Date.now() + 86_400_000 };
    const planOf = (name: string) =>
      env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
        requestId: `scope-${name}`, name: `scope ${name}`, mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }], scheduledStart: tomorrow,
        networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
        storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
        target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
      });
    const [planA, planB] = [await planOf('a'), await planOf('b')];
    const passwordFile = join(temp.dir, 'sam-password');
    await writeFile(passwordFile, 'sam works on plan a only\n', { mode: 0o600 });
    const admin = { FERRY_APPLIANCE: env.api.address, FERRY_CA_FILE: env.api.caFile, FERRY_TOKEN: env.api.admin.token };
    expect(ferryCli(admin, 'users', 'add', 'sam', '--role', 'operator', '--scope', `plan:${planA.id}`, '--password-file', passwordFile)).toMatchObject({ code: 0, stdout: `added operator:sam (role operator, scope plan:${planA.id})\n` });
    const scopedAdmin = ferryCli(admin, 'users', 'add', 'boss', '--role', 'admin', '--scope', `plan:${planA.id}`, '--password-file', passwordFile);
    expect(scopedAdmin.stderr).toContain('an admin manages the whole site');
    const sam = await callAs<api.LoginResponse>(env.api.client(null), 'Login', { user: 'sam', password: 'sam works on plan a only' });
    const asSam = () => env.api.client({ actor: 'operator:sam', token: sam.token });
    expect((await callAs<api.WhoAmIResponse>(asSam(), 'WhoAmI', {})).scope).toBe(`plan:${planA.id}`);

    const denied = await refusal(callAs(asSam(), 'StartPlan', { planId: planB.id }));
    expect(denied).toEqual({
      code: GrpcStatus.PERMISSION_DENIED,
      details: `StartPlan on plan ${planB.id} is outside the scope plan:${planA.id} of operator:sam; ask an admin for a user whose scope covers it (\`ferry users add <name> --role <role> --scope ...\`)`,
    });
    expect((await refusal(callAs(asSam(), 'CreatePlan', { name: 'mine', vms: [{ vcenter: 'prem', moref: vm.moref }] }))).code).toBe(GrpcStatus.PERMISSION_DENIED);
    const started = await callAs<api.Plan>(asSam(), 'StartPlan', { planId: planA.id });
    expect(started.id).toBe(planA.id);
    expect(started.migrationIds).toHaveLength(1);
    expect((await env.call<api.IGetPlanRequest, api.Plan>('GetPlan', { planId: planB.id })).migrationIds).toEqual([]);
    const listed = await callAs<api.ListPlansResponse>(asSam(), 'ListPlans', { pageSize: 500 });
    expect(listed.plans.map((p) => p.id)).toEqual([planA.id]);
    expect((await env.call<api.IListPlansRequest, api.ListPlansResponse>('ListPlans', { pageSize: 500 })).plans.map((p) => p.id)).toEqual(expect.arrayContaining([planA.id, planB.id]));
    const stored = await storedRefusal((e) => e.rpc === 'StartPlan' && e.principal === 'operator:sam');
    expect(stored.reason).toBe(denied.details);
    await callAs(env.api.client('operator'), 'CancelPlan', { planId: planA.id, reason: 'scope test over' });
  });

  it("lets a key scoped to a VM folder see the VMs below it (their folder path from the inventory) and refuses one scoped to another folder", async () => {
    const keyFor = async (name: string, scope: string) =>
      (await callAs<api.CreateApiKeyResponse>(env.api.client('admin'), 'CreateApiKey', { name, role: 'viewer', scope })).key;
    const [dc, nowhere] = [await keyFor('dc-reader', 'folder:/DC0'), await keyFor('nowhere-reader', 'folder:/DC0/vm/nobody-here')];
    const as = (key: string) => env.api.client({ actor: 'integrator:key', token: key });
    expect((await callAs<api.Vm>(as(dc), 'GetVm', { vcenter: 'prem', moref: vm.moref })).ref?.moref).toBe(vm.moref);
    expect((await callAs<api.ListVmsResponse>(as(dc), 'ListVms', { pageSize: 1000 })).vms.map((v) => v.ref?.moref)).toContain(vm.moref);
    const denied = await refusal(callAs(as(nowhere), 'GetVm', { vcenter: 'prem', moref: vm.moref }));
    expect(denied).toEqual({ code: GrpcStatus.PERMISSION_DENIED, details: expect.stringMatching(new RegExp(`^GetVm on VM ${vm.moref} is outside the scope folder:/DC0/vm/nobody-here of integrator:nowhere-reader; use a key whose scope covers it`)) });
    expect((await callAs<api.ListVmsResponse>(as(nowhere), 'ListVms', { pageSize: 1000 })).vms).toEqual([]);
  });

  it('rotates the token key without logging anyone out: a token from before still works, new ones carry the new key id, an unknown key id is refused', async () => {
    const oldKid = decodeProtectedHeader(env.api.operator.token).kid;
    const rotated = ferryCli({ FERRY_APPLIANCE: env.api.address, FERRY_CA_FILE: env.api.caFile, FERRY_TOKEN: env.api.admin.token }, 'admin', 'rotate-token-key');
    expect(rotated.code).toBe(0);
    const [, newKid, previousKid] = /^new token key ([0-9a-f]{16}); tokens of the previous key ([0-9a-f]{16}) are accepted until \S+\n$/.exec(rotated.stdout) ?? [];
    expect(previousKid).toBe(oldKid);
    expect(newKid).not.toBe(oldKid);
    // A viewer may not rotate it.
    expect((await refusal(callAs(env.api.client('viewer'), 'RotateTokenKey', {}))).code).toBe(GrpcStatus.PERMISSION_DENIED);

    // The operator's token from before the rotation keeps working.
    expect((await callAs<api.WhoAmIResponse>(env.api.client('operator'), 'WhoAmI', {})).actor).toBe('operator:e2e-tester');
    const fresh = await callAs<api.LoginResponse>(env.api.client(null), 'Login', { user: 'sam', password: 'sam works on plan a only' });
    expect(decodeProtectedHeader(fresh.token).kid).toBe(newKid);
    expect((await callAs<api.WhoAmIResponse>(env.api.client({ actor: 'operator:sam', token: fresh.token }), 'WhoAmI', {})).actor).toBe('operator:sam');

    const unknown = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'deadbeefdeadbeef' }).setSubject('admin').setIssuer('ferry-appliance').setAudience('ferry-api').setIssuedAt().setExpirationTime('10m').sign(Buffer.alloc(32, 3));
    expect(await refusal(callAs(env.api.client({ actor: 'operator:admin', token: unknown }), 'ListUsers', {}))).toEqual({
      code: GrpcStatus.UNAUTHENTICATED,
      details: 'the token was signed with key "deadbeefdeadbeef", which this appliance does not hold (it was rotated out after its tokens expired, or the token is from another site); run `ferry login` for a new one',
    });
    // The rotation is in the audited principals stream, by key ids only.
    const exported = ferryCli({ FERRY_APPLIANCE: env.api.address, FERRY_CA_FILE: env.api.caFile, FERRY_TOKEN: env.api.admin.token }, 'audit', 'export', '--aggregate', 'site');
    const rotations = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { typeName: string; actor: string }).filter((e) => e.typeName === 'TokenKeyRotated');
    expect(rotations.map((e) => e.actor)).toEqual(['operator:admin']);
  });
});
