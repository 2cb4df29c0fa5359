/**
 * Pushes IO analyzer summaries to a configurable endpoint (the appliance's analyzer port, 32820)
 * every interval as an HTTP POST of a ferry.cache.v1.IoSummaryBatch (application/x-protobuf).
 * Tolerant by design: it runs on its own timer, never on the IO path; a refused or unreachable
 * endpoint is logged once per outage (and once when it answers again) and retried next interval;
 * a push still running when the next is due is not doubled.
 */
import { request } from 'node:http';
import type { IoSummary } from './io-stats';
import { encodeSummaryBatch, SUMMARY_CONTENT_TYPE } from './summary-wire';

export interface SummaryPusher {
  /** Pushes now (also used for the final push on stop). */
  pushNow(): Promise<void>;
  stop(): Promise<void>;
}

const TIMEOUT_MS = 5000;

function post(endpoint: string, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': SUMMARY_CONTENT_TYPE, 'content-length': body.byteLength };
    const req = request(endpoint, { method: 'POST', headers, timeout: TIMEOUT_MS }, (res) => {
      let answer = '';
      res.on('data', (c: Buffer) => (answer = (answer + c.toString()).slice(0, 500)));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`${endpoint} answered HTTP ${res.statusCode}: ${answer.trim()}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`${endpoint} did not answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function startSummaryPusher(endpoint: string, intervalMs: number, summaries: () => IoSummary[], log?: (m: string) => void): SummaryPusher {
  let failing = false;
  let running: Promise<void> | undefined;
  const attempt = async (): Promise<void> => {
    try {
      await post(endpoint, encodeSummaryBatch(summaries()));
      if (failing) log?.(`io-analyzer: ${endpoint} accepts summaries again`);
      failing = false;
    } catch (error) {
      if (!failing) log?.(`io-analyzer: push to ${endpoint} failed (${(error as Error).message}); retrying every ${intervalMs} ms, logged again when it recovers`);
      failing = true;
    }
  };
  const pushNow = (): Promise<void> => {
    running ??= attempt().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void pushNow(), intervalMs);
  timer.unref();
  return {
    pushNow,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await pushNow();
    },
  };
}
