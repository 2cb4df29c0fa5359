/**
 * Pushes IO analyzer summaries to a configurable endpoint (the appliance's analyzer port, 32820)
 * every interval as an HTTP POST of JSON. A failed push is logged and retried next interval.
 */
import { request } from 'node:http';
import type { IoSummary } from './io-stats';

export interface SummaryPusher {
  /** Pushes now (also used for the final push on stop). */
  pushNow(): Promise<void>;
  stop(): Promise<void>;
}

function post(endpoint: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`${endpoint} answered HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`${endpoint} did not answer within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function startSummaryPusher(endpoint: string, intervalMs: number, summaries: () => IoSummary[], log?: (m: string) => void): SummaryPusher {
  const pushNow = async (): Promise<void> => {
    try {
      await post(endpoint, JSON.stringify({ at: new Date().toISOString(), volumes: summaries() }));
    } catch (error) {
      log?.(`io-analyzer: push to ${endpoint} failed (${(error as Error).message}); retrying in ${intervalMs} ms`);
    }
  };
  const timer = setInterval(() => void pushNow(), intervalMs);
  timer.unref();
  return {
    pushNow,
    async stop(): Promise<void> {
      clearInterval(timer);
      await pushNow();
    },
  };
}
