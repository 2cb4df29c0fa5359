// Authenticated TLS access to a running appliance's integrator API, for tests, benchmarks and the demo:
// the appliance is started with a first-admin secret file (ADMIN_BOOTSTRAP_FILE, never a default
// password), then the admin logs in and adds an operator and a viewer, and each gets a login token.
// Clients made here trust the site CA and send their token as `authorization: Bearer …`.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials, Metadata, type ChannelCredentials, type Client, type ClientOptions } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { startService, type ServiceHandle, type StartServiceOptions } from './services';

import api = ferry.api.v1;

/** The users every harness site has: the bootstrapped admin, an operator and a viewer. */
export const HARNESS_USERS = { admin: 'admin', operator: 'e2e-tester', viewer: 'e2e-viewer' } as const;
export type HarnessRole = keyof typeof HARNESS_USERS;

/** A principal's bearer credential (a login token or an API key) and the actor it stands for. */
export interface ApiCredential {
  readonly actor: string;
  readonly token: string;
}

/** What a test needs to call the API as someone. */
export interface ApiAccess {
  /** host:port of the API. */
  readonly address: string;
  /** The site CA certificate the API's certificate is issued from (PEM file). */
  readonly caFile: string;
  readonly ca: Buffer;
  readonly admin: ApiCredential;
  readonly operator: ApiCredential;
  readonly viewer: ApiCredential;
  /** TLS trusting the site CA, sending `who`'s credential with every call (none: `null`). Default the operator. */
  credentials(who?: HarnessRole | ApiCredential | null): ChannelCredentials;
  /** A ferry.api.v1.Ferry client over TLS as `who` (default the operator). */
  client<T extends Client = Client>(who?: HarnessRole | ApiCredential | null, channel?: ClientOptions): T;
  /** Environment for the `ferry` CLI acting as `who` (default the operator): FERRY_APPLIANCE, FERRY_CA_FILE, FERRY_TOKEN. */
  cliEnv(who?: HarnessRole | ApiCredential): Record<string, string>;
  /** The same credentials for another server of the same site (same principals, signing key and CA) at `address`. */
  at(address: string): ApiAccess;
}

/** Environment that makes an appliance bootstrap the harness admin; `dir` holds its state and the secret file. */
export async function applianceAccessEnv(dir: string): Promise<{ env: Record<string, string>; adminPassword: string }> {
  const adminPassword = randomBytes(18).toString('base64url');
  const file = join(dir, 'admin-bootstrap');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${adminPassword}\n`, { mode: 0o600 });
  // Tokens outlive the longest test run; the default is an hour.
  const env = { STATE_DIR: join(dir, 'appliance-state'), ADMIN_BOOTSTRAP_FILE: file, ADMIN_BOOTSTRAP_USER: HARNESS_USERS.admin, API_TOKEN_TTL_MS: String(12 * 3_600_000) };
  return { env, adminPassword };
}

/** TLS channel credentials trusting `ca`, with `token` as a bearer credential on every call when given. */
export function bearerCredentials(ca: Buffer, token: string | undefined): ChannelCredentials {
  const tls = credentials.createSsl(ca);
  if (token === undefined) return tls;
  const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    callback(null, metadata);
  });
  return credentials.combineChannelCredentials(tls, bearer);
}

async function login(address: string, ca: Buffer, user: string, password: string): Promise<ApiCredential> {
  const client = grpcClient('ferry.api.v1.Ferry', address, { credentials: bearerCredentials(ca, undefined) });
  try {
    const reply = await unaryCall<api.ILoginRequest, api.LoginResponse>(client, 'Login', { user, password });
    return { actor: reply.actor, token: reply.token };
  } finally {
    client.close();
  }
}

/** Access to the API of the running `appliance` (started with applianceAccessEnv's env and CA_DIR). */
export async function openApiAccess(appliance: ServiceHandle, adminPassword: string): Promise<ApiAccess> {
  const caDir = appliance.env['CA_DIR'];
  if (!caDir) throw new Error('the appliance has no CA_DIR in its environment; start it with one (its API certificate comes from that site CA)');
  return openApiAccessAt(`127.0.0.1:${appliance.ports['API_PORT']}`, caDir, adminPassword);
}

/** Access to the API at `address`, whose certificate comes from the site CA in `caDir`, as the harness admin (`adminPassword`) made users. */
export async function openApiAccessAt(address: string, caDir: string, adminPassword: string): Promise<ApiAccess> {
  const caFile = join(caDir, 'ca.crt');
  const ca = await readFile(caFile);
  const admin = await login(address, ca, HARNESS_USERS.admin, adminPassword);
  const adminClient = grpcClient('ferry.api.v1.Ferry', address, { credentials: bearerCredentials(ca, admin.token) });
  const passwords: Record<string, string> = {};
  try {
    for (const role of ['operator', 'viewer'] as const) {
      const user = HARNESS_USERS[role];
      passwords[user] = randomBytes(18).toString('base64url');
      await unaryCall<api.ICreateUserRequest, api.IUser>(adminClient, 'CreateUser', { user, password: passwords[user], role }).catch(async (error: { code?: number }) => {
        if (error.code !== 9) throw error; // FAILED_PRECONDITION: made at an earlier start of the same site, so its password is set anew
        await unaryCall<api.ISetPasswordRequest, api.IUser>(adminClient, 'SetPassword', { user, password: passwords[user] });
      });
    }
  } finally {
    adminClient.close();
  }
  const [operator, viewer] = await Promise.all([login(address, ca, HARNESS_USERS.operator, passwords[HARNESS_USERS.operator] ?? ''), login(address, ca, HARNESS_USERS.viewer, passwords[HARNESS_USERS.viewer] ?? '')]);
  return accessAt(address, caFile, ca, { admin, operator, viewer });
}

function accessAt(address: string, caFile: string, ca: Buffer, named: Record<HarnessRole, ApiCredential>): ApiAccess {
  const credentialOf = (who: HarnessRole | ApiCredential | null | undefined): ApiCredential | undefined => (who === null ? undefined : typeof who === 'object' ? who : named[who ?? 'operator']);
  return {
    address, caFile, ca, ...named,
    credentials: (who) => bearerCredentials(ca, credentialOf(who)?.token),
    client: <T extends Client = Client>(who?: HarnessRole | ApiCredential | null, channel?: ClientOptions) =>
      grpcClient<T>('ferry.api.v1.Ferry', address, { credentials: bearerCredentials(ca, credentialOf(who)?.token), channel }),
    cliEnv: (who) => ({ FERRY_APPLIANCE: address, FERRY_CA_FILE: caFile, FERRY_TOKEN: credentialOf(who)?.token ?? '' }),
    at: (other) => accessAt(other, caFile, ca, named),
  };
}

/**
 * Starts the appliance service with `env`, a site CA in `dir`/site-ca unless CA_DIR is given, and the
 * harness admin bootstrapped, then opens access to its API.
 */
export async function startApplianceWithAccess(env: Record<string, string>, dir: string, options?: StartServiceOptions): Promise<{ appliance: ServiceHandle; api: ApiAccess }> {
  const access = await applianceAccessEnv(dir);
  const appliance = await startService('appliance', { CA_DIR: join(dir, 'site-ca'), ...access.env, ...env }, options);
  try {
    return { appliance, api: await openApiAccess(appliance, access.adminPassword) };
  } catch (error) {
    await appliance.stop();
    throw error;
  }
}
