// WatchMigration streams held open, as npm run bench:api does: FERRY_STREAMS streams (default 1000)
// on FERRY_CHANNELS connections (default 10: one VU each, every VU opening its share of the streams
// at once on its own connection), each watching one of the migrations (FERRY_MIGRATION_IDS, or every
// one ListMigrations answers that has not ended), held FERRY_HOLD (default 60s) after they open.
// Meanwhile another scenario calls GetMigration FERRY_PROBE_RATE times a second (default 20) on
// connections of its own: the API must stay responsive while it holds the streams.
// Metrics: ferry_watch_first_snapshot (ms from opening a stream to its first message, the snapshot),
// ferry_watch_snapshots and ferry_watch_stream_errors (a stream that failed or that the server
// ended before the hold was over). The run fails on any stream error, on fewer snapshots than
// streams, or on a GetMigration p99 over FERRY_P99_MS. See README.md.
import { check } from 'k6';
import { Stream, StatusOK } from 'k6/net/grpc';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { connect, duration, FERRY, findMigrations, newClient, num, P99_THRESHOLD, PARAMS, type Migrations } from './lib/ferry.ts';

const STREAMS = num('FERRY_STREAMS', 1000);
const CHANNELS = Math.min(num('FERRY_CHANNELS', 10), STREAMS);
const HOLD = duration('FERRY_HOLD', '60s');
const PROBE_RATE = num('FERRY_PROBE_RATE', 20);

const firstSnapshot = new Trend('ferry_watch_first_snapshot', true);
const snapshots = new Counter('ferry_watch_snapshots');
const streamErrors = new Counter('ferry_watch_stream_errors');

const client = newClient();
let connected = false;

/** "90s", "2m", "1m30s", "1h" → milliseconds. */
function millis(text: string): number {
  let total = 0;
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let part: RegExpExecArray | null;
  while ((part = pattern.exec(text)) !== null) total += Number(part[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[part[2] as 'ms' | 's' | 'm' | 'h'];
  return total;
}

const HOLD_MS = millis(HOLD);
/** When the probe starts: the streams should be open by then. */
const PROBE_START = '5s';

export const options: Options = {
  scenarios: {
    watch: { executor: 'per-vu-iterations', exec: 'watch', vus: CHANNELS, iterations: 1, maxDuration: `${Math.ceil(HOLD_MS / 1000) + 120}s` },
    get_during_watch: {
      executor: 'constant-arrival-rate', exec: 'getMigration', startTime: PROBE_START,
      duration: `${Math.max(1, Math.floor(HOLD_MS / 1000) - 5)}s`, rate: PROBE_RATE, timeUnit: '1s', preAllocatedVUs: 2, maxVUs: 10,
    },
  },
  thresholds: {
    ferry_watch_stream_errors: ['count==0'],
    ferry_watch_snapshots: [`count==${STREAMS}`],
    ferry_watch_first_snapshot: ['p(99)<10000'],
    'grpc_req_duration{scenario:get_during_watch}': [P99_THRESHOLD],
    'checks{scenario:get_during_watch}': ['rate==1'],
  },
};

export function setup(): Migrations {
  return findMigrations(client);
}

/** This VU's share of the streams: STREAMS split over CHANNELS VUs, the first ones taking one more. */
function share(vu: number): { first: number; count: number } {
  const base = Math.floor(STREAMS / CHANNELS);
  const extra = STREAMS % CHANNELS;
  const index = vu - 1;
  return { first: index * base + Math.min(index, extra), count: base + (index < extra ? 1 : 0) };
}

export function watch(data: Migrations): void {
  connect(client);
  let holding = true;
  const { first, count } = share(__VU);
  for (let i = first; i < first + count; i++) {
    const opened = Date.now();
    let snapshot = false;
    const stream = new Stream(client, `${FERRY}/WatchMigration`, PARAMS);
    stream.on('data', () => {
      if (snapshot) return;
      snapshot = true;
      firstSnapshot.add(Date.now() - opened);
      snapshots.add(1);
    });
    stream.on('error', (error) => {
      if (!holding) return;
      streamErrors.add(1);
      console.error(`stream ${i}: ${JSON.stringify(error)}`);
    });
    stream.on('end', () => {
      if (holding) streamErrors.add(1);
    });
    stream.write({ migrationId: data.ids[i % data.ids.length] });
    stream.end();
  }
  // Closing the connection cancels its streams; the iteration ends when they have.
  setTimeout(() => {
    holding = false;
    client.close();
  }, HOLD_MS);
}

export function getMigration(data: Migrations): void {
  if (!connected) {
    connect(client);
    connected = true;
  }
  const migrationId = data.ids[__ITER % data.ids.length];
  const response = client.invoke(`${FERRY}/GetMigration`, { migrationId }, PARAMS);
  check(response, { 'GetMigration answered OK': (r) => r.status === StatusOK });
}
