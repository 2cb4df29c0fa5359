/**
 * Pushes IO analyzer summaries to a configurable endpoint (the appliance's analyzer port, 32820)
 * every interval as an HTTPS POST of a ferry.cache.v1.IoSummaryBatch (application/x-protobuf), over
 * mutual TLS: it presents this service's certificate from the site CA and trusts only that CA.
 * Tolerant by design: it runs on its own timer, never on the IO path; a refused or unreachable
 * endpoint is logged once per outage (and once when it answers again) and retried next interval;
 * a push still running when the next is due is not doubled.
 */
import { request } from 'node:https';
import type { TlsMaterial } from '@ferry/block-pipeline';
import type { IoSummary } from './io-stats';
import { encodeSummaryBatch, SUMMARY_CONTENT_TYPE } from './summary-wire';

export interface SummaryPusher {
  /** Pushes now (also used for the final push on stop). */
  pushNow(): Promise<void>;
  stop(): Promise<void>;
}

const TIMEOUT_MS = 5000;

/**
 * One POST on a fresh connection (no keep-alive: a socket the server closed while idle would fail the
 * next push). Settles exactly once, at the latest after TIMEOUT_MS, whatever the peer does, so a
 * stuck peer can never hold back the pushes after it.
 */
function post(endpoint: string, tls: TlsMaterial, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    };
    const headers = { 'content-type': SUMMARY_CONTENT_TYPE, 'content-length': body.byteLength };
    const req = request(endpoint, { method: 'POST', headers, agent: false, ca: tls.ca, cert: tls.cert, key: tls.key }, (res) => {
      let answer = '';
      res.on('data', (c: Buffer) => (answer = (answer + c.toString()).slice(0, 500)));
      res.on('end', () => finish(res.statusCode && res.statusCode < 300 ? undefined : new Error(`${endpoint} answered HTTP ${res.statusCode}: ${answer.trim()}`)));
      res.on('error', finish);
      res.on('close', () => finish(new Error(`${endpoint} closed the connection before its answer ended`)));
    });
    const deadline = setTimeout(() => {
      finish(new Error(`${endpoint} did not answer within ${TIMEOUT_MS / 1000} s`));
      req.destroy();
    }, TIMEOUT_MS);
    req.on('error', finish);
    req.end(body);
  });
}

/** Where summaries go: an https:// URL, and this service's certificate and the site CA for the mutual TLS. */
export interface SummaryEndpoint {
  readonly url: string;
  readonly tls: TlsMaterial;
}

export function startSummaryPusher(target: SummaryEndpoint, intervalMs: number, summaries: () => IoSummary[], log?: (m: string) => void): SummaryPusher {
  const endpoint = target.url;
  let failing = false;
  let running: Promise<void> | undefined;
  const attempt = async (): Promise<void> => {
    try {
      await post(endpoint, target.tls, encodeSummaryBatch(summaries()));
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
