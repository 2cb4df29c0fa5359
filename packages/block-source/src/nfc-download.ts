import type { Agent } from 'node:https';
import { request } from 'node:https';
import type { Readable } from 'node:stream';
import { UnavailableError, ValidationError } from '@ferry/errors';
import { trustingAgent } from '@ferry/vsphere';

/** How to reach one export device URL. */
export interface NfcEndpoint {
  url: string;
  /** Names the disk in errors. */
  disk: string;
  /** The vCenter session cookie ESXi accepts for the lease's URLs; absent when none is configured. */
  cookie?: () => string | undefined;
}

/** Says which URL and disk failed, then the fault: every NFC error starts this way. */
export function nfcWhere(endpoint: Pick<NfcEndpoint, 'url' | 'disk'>): string {
  return `NFC export ${endpoint.url} (disk ${endpoint.disk})`;
}

/** An HTTPS agent that talks only to the host whose certificate has `thumbprint`. */
export function pinnedAgent(endpoint: Pick<NfcEndpoint, 'url'>, thumbprint: string): Agent {
  return trustingAgent(new URL(endpoint.url).host, { thumbprint }, () => undefined);
}

const HINTS: Record<number, string> = {
  401: 'the host refused the session; check the vCenter credentials or take a new lease',
  403: 'the host refused the session; check the vCenter credentials or take a new lease',
  404: 'the lease or its ticket is gone (expired, completed or aborted); take a new lease',
};

/**
 * GETs the whole device URL as ESXi serves an export: one chunked response, read once from the
 * start (ESXi export URLs take no Range). The body is the streamOptimized VMDK.
 */
export function openNfcDownload(endpoint: NfcEndpoint, agent: Agent): Promise<Readable> {
  const cookie = endpoint.cookie?.();
  return new Promise((resolve, reject) => {
    const req = request(endpoint.url, { method: 'GET', agent, headers: cookie === undefined ? {} : { cookie } }, (res) => {
      if (res.statusCode === 200) return resolve(res);
      res.resume();
      const status = res.statusCode ?? 0;
      const hint = HINTS[status] ?? 'the host could not serve the disk; retry, or take a new lease';
      // A 4xx will not heal by retrying the same URL; a 5xx or a timeout may.
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      const message = `${nfcWhere(endpoint)}: HTTP ${status}; ${hint}`;
      reject(permanent ? new ValidationError('disk.locator', message) : new UnavailableError(message));
    });
    req.on('error', (error) => reject(new UnavailableError(`${nfcWhere(endpoint)}: ${error.message}; check the host is reachable and its certificate matches the pinned thumbprint`, { cause: error })));
    req.end();
  });
}
