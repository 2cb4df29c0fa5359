// What the k6 scripts share: where the appliance is, who calls, the API's descriptors, and how to find
// migrations to read and watch. Parameters come from k6's environment (k6 run -e NAME=value, or the
// process environment):
//   FERRY_APPLIANCE     host:port of the appliance's integrator API (default localhost:443, as the CLI)
//   FERRY_TOKEN         the credential every call sends as "authorization: Bearer …": an API key
//                       (ferry keys create k6 --role viewer) or a token from ferry login (required)
//   FERRY_INSECURE      true for an appliance run with API_INSECURE=true (plaintext); default TLS,
//                       trusting the system's CAs and SSL_CERT_FILE (point it at the site CA's ca.crt)
//   FERRY_PROTO_DIR     the repository's proto/ folder (default ../../proto, from this folder)
//   FERRY_MIGRATION_IDS comma-separated migration ids; default: those ListMigrations answers that have not ended
//   FERRY_P99_MS        the p99 latency (ms) a unary call may take before the run fails (default 1000)
import { fail } from 'k6';
import { Client, StatusOK, type Params, type Response } from 'k6/net/grpc';

export const APPLIANCE = __ENV.FERRY_APPLIANCE ?? 'localhost:443';
const TOKEN = __ENV.FERRY_TOKEN ?? '';
if (TOKEN === '') fail('FERRY_TOKEN is not set: create an API key (ferry keys create k6 --role viewer) and run k6 with -e FERRY_TOKEN=<key>');
const PROTO_DIR = __ENV.FERRY_PROTO_DIR ?? '../../proto';

/** The integrator API's service, as k6 names a method: `${FERRY}/GetMigration`. */
export const FERRY = 'ferry.api.v1.Ferry';

/** Every call carries the credential (the appliance records its principal on what the call changes) and has a deadline. */
export const PARAMS: Params = { metadata: { authorization: `Bearer ${TOKEN}` }, timeout: '10s' };

/** A whole number from k6's environment, or `fallback`. */
export function num(name: string, fallback: number): number {
  const given = __ENV[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1) fail(`${name}=${given}: expected a whole number above 0`);
  return value;
}

/** A duration such as "15s" from k6's environment, or `fallback`. */
export function duration(name: string, fallback: string): string {
  return __ENV[name] || fallback;
}

/** The p99 threshold of unary calls, as a k6 threshold expression. */
export const P99_THRESHOLD = `p(99)<${num('FERRY_P99_MS', 1000)}`;

/** A client with ferry.api.v1 loaded. Only in the init context: k6 allows load() nowhere else. */
export function newClient(): Client {
  const client = new Client();
  client.load([PROTO_DIR], 'ferry/api/v1/api.proto');
  return client;
}

/** Connects `client` to the appliance: TLS (the site CA trusted through SSL_CERT_FILE), plaintext only with FERRY_INSECURE=true. */
export function connect(client: Client): void {
  client.connect(APPLIANCE, { plaintext: __ENV.FERRY_INSECURE === 'true', timeout: '10s' });
}

/** The reply of a unary call, or the run stops with the status it got. */
export function answered<T>(response: Response, what: string): T {
  if (response.status !== StatusOK) fail(`${what}: status ${response.status}: ${JSON.stringify(response.error)}`);
  return response.message as T;
}

/** A phase after which a migration changes no more: a watch of it ends after its snapshot. */
const ENDED = new Set(['PHASE_COMPLETED', 'PHASE_FAILED', 'PHASE_CANCELLED', 'PHASE_MIGRATED_BACK']);

/** What setup() hands every VU. */
export interface Migrations {
  ids: string[];
}

/** FERRY_MIGRATION_IDS, else the migrations ListMigrations answers that have not ended (at most 500). Call in setup(). */
export function findMigrations(client: Client): Migrations {
  const given = (__ENV.FERRY_MIGRATION_IDS ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (given.length > 0) return { ids: given };
  connect(client);
  const reply = answered<{ migrations?: { id: string; phase: string }[] }>(client.invoke(`${FERRY}/ListMigrations`, { pageSize: 500 }, PARAMS), 'ListMigrations');
  client.close();
  const ids = (reply.migrations ?? []).filter((m) => !ENDED.has(m.phase)).map((m) => m.id);
  if (ids.length === 0) fail('no migration that has not ended: start a plan (ferry plan start <plan>) or set FERRY_MIGRATION_IDS');
  console.log(`${ids.length} migration(s): ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`);
  return { ids };
}
