// GetMigration under load: FERRY_VUS callers (default 50), each calling back to back for
// FERRY_DURATION (default 15s), over the migrations of FERRY_MIGRATION_IDS or, without it, every one
// ListMigrations answers that has not ended. The run fails on any call not answered OK or a p99 over
// FERRY_P99_MS. See README.md.
import { check } from 'k6';
import { StatusOK } from 'k6/net/grpc';
import type { Options } from 'k6/options';
import { connect, duration, FERRY, findMigrations, newClient, num, P99_THRESHOLD, PARAMS, type Migrations } from './lib/ferry.ts';

const client = newClient();
let connected = false;

export const options: Options = {
  scenarios: {
    get_migration: { executor: 'constant-vus', vus: num('FERRY_VUS', 50), duration: duration('FERRY_DURATION', '15s') },
  },
  thresholds: {
    grpc_req_duration: [P99_THRESHOLD],
    checks: ['rate==1'],
  },
};

export function setup(): Migrations {
  return findMigrations(client);
}

export default function getMigration(data: Migrations): void {
  if (!connected) {
    connect(client);
    connected = true;
  }
  const migrationId = data.ids[(__VU + __ITER) % data.ids.length];
  const response = client.invoke(`${FERRY}/GetMigration`, { migrationId }, PARAMS);
  check(response, { 'GetMigration answered OK': (r) => r.status === StatusOK });
}

export function teardown(): void {
  client.close();
}
