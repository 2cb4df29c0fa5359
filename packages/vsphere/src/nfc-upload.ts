import { request, type Agent } from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { VsphereClient } from './client';
import { trustingAgent } from './tls';

/** Where one disk of an import lease goes. */
export interface UploadTarget {
  /** HTTPS URL of the disk (host "*" already replaced by the vCenter's). */
  url: string;
  /** SHA-1 thumbprint of the host taking the upload (an ESXi host), when the lease names one. */
  sslThumbprint?: string;
}

/** How an upload ended: the host's HTTP status and the start of its answer. */
export interface UploadAnswer {
  status: number;
  message: string;
}

/**
 * Sends a streamOptimized VMDK to an import lease's disk URL. POST with the streamVmdk type is
 * what govc and ovftool send for a disk device URL (PUT is for files they create). TLS is pinned
 * to the device's thumbprint as for downloads (see ExportLease.download). With `length` the body
 * goes with a Content-Length (ESXi hosts want one), otherwise chunked. Rejects when the stream or
 * the connection fails (also when `signal` aborts, with its reason); any HTTP answer resolves.
 */
export function uploadStream(
  client: VsphereClient,
  target: UploadTarget,
  body: Readable,
  options: { length?: number; signal?: AbortSignal; onBytes?: (sent: number) => void },
): Promise<UploadAnswer> {
  const host = new URL(target.url).host;
  const agent: Agent = target.sslThumbprint ? trustingAgent(host, { thumbprint: target.sslThumbprint }, () => undefined) : client.transport.agent;
  const cookie = client.transport.sessionCookie;
  const headers: Record<string, string> = { 'content-type': 'application/x-vnd.vmware-streamVmdk' };
  if (cookie) headers.cookie = cookie;
  if (options.length !== undefined) headers['content-length'] = String(options.length);
  let sent = 0;
  const counter = new PassThrough();
  counter.on('data', (piece: Buffer) => {
    sent += piece.length;
    options.onBytes?.(sent);
  });
  const answer = new Promise<UploadAnswer>((resolve, reject) => {
    const req = request(target.url, { method: 'POST', agent, headers }, (res) => {
      const parts: Buffer[] = [];
      let kept = 0;
      res.on('data', (piece: Buffer) => {
        if (kept < 4096) parts.push(piece);
        kept += piece.length;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, message: Buffer.concat(parts).toString('utf8').slice(0, 4096).trim() }));
      res.once('error', reject);
    });
    // An answer that came first wins: a host may answer and close before it read the whole body.
    pipeline(body, counter, req, { signal: options.signal }).catch((error: unknown) => {
      reject(options.signal?.aborted ? options.signal.reason : client.transport.networkError(error as Error, `NFC upload ${target.url}`));
    });
  });
  return answer.finally(() => {
    if (agent !== client.transport.agent) agent.destroy();
  });
}
