// ListVms under load: FERRY_VUS callers (default 50), each calling back to back for FERRY_DURATION
// (default 15s), as npm run bench:api does. The run fails on any call not answered OK or a p99 over
// FERRY_P99_MS. Also: FERRY_VCENTER (prem or cloud, default prem). See README.md.
import { check } from 'k6';
import { StatusOK } from 'k6/net/grpc';
import type { Options } from 'k6/options';
import { connect, duration, FERRY, newClient, num, P99_THRESHOLD, PARAMS } from './lib/ferry.ts';

const client = newClient();
let connected = false;

export const options: Options = {
  scenarios: {
    list_vms: { executor: 'constant-vus', vus: num('FERRY_VUS', 50), duration: duration('FERRY_DURATION', '15s') },
  },
  thresholds: {
    grpc_req_duration: [P99_THRESHOLD],
    checks: ['rate==1'],
  },
};

export default function listVms(): void {
  if (!connected) {
    connect(client);
    connected = true;
  }
  const response = client.invoke(`${FERRY}/ListVms`, { vcenter: __ENV.FERRY_VCENTER ?? 'prem', pageSize: 100 }, PARAMS);
  check(response, { 'ListVms answered OK': (r) => r.status === StatusOK });
}

export function teardown(): void {
  client.close();
}
