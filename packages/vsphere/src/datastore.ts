import { request } from 'node:https';
import type { Readable } from 'node:stream';
import type { VsphereClient } from './client';
import { VsphereNotFoundError } from './errors';

/** A file on a datastore, addressed the way the /folder endpoint wants it. */
export interface DatastoreFile {
  datacenter: string;
  datastore: string;
  /** Path inside the datastore, e.g. "vm1/vm1-flat.vmdk". */
  path: string;
}

function folderUrl(client: VsphereClient, f: DatastoreFile): URL {
  const url = new URL(client.server);
  url.pathname = `/folder/${f.path.split('/').map(encodeURIComponent).join('/')}`;
  url.search = new URLSearchParams({ dcPath: f.datacenter, dsName: f.datastore }).toString();
  return url;
}

function headers(client: VsphereClient, extra: Record<string, string> = {}): Record<string, string> {
  const cookie = client.transport.sessionCookie;
  return { ...(cookie ? { cookie } : {}), ...extra };
}

/**
 * Reads a datastore file (or the byte range [start, end] inclusive) over HTTPS /folder.
 * Returns the whole body; for big files use getDatastoreFileStream.
 */
export async function getDatastoreFile(client: VsphereClient, f: DatastoreFile, range?: { start: number; end: number }): Promise<Buffer> {
  const stream = await getDatastoreFileStream(client, f, range);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Streams a datastore file (optionally a byte range). */
export function getDatastoreFileStream(client: VsphereClient, f: DatastoreFile, range?: { start: number; end: number }): Promise<Readable> {
  const url = folderUrl(client, f);
  const extra: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end}` } : {};
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: client.transport.agent, headers: headers(client, extra) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 200 || status === 206) {
        if (range && status !== 206) {
          res.resume();
          reject(new Error(`vCenter ${client.server}: GET ${url.pathname} ignored the Range ${range.start}-${range.end} (HTTP ${status})`));
          return;
        }
        resolve(res);
        return;
      }
      res.resume();
      if (status === 404) {
        reject(new VsphereNotFoundError({ faultType: 'FileNotFound', message: `HTTP 404 for [${f.datastore}] ${f.path}`, method: 'GET /folder', target: `${f.datacenter}/${f.datastore}`, server: client.server }, 'Check the datastore path'));
        return;
      }
      reject(new Error(`vCenter ${client.server}: GET [${f.datastore}] ${f.path} answered HTTP ${status}`));
    });
    req.on('error', (err) => reject(client.transport.networkError(err, `GET [${f.datastore}] ${f.path}`)));
    req.end();
  });
}

/** Uploads a file to a datastore (PUT /folder); body is a Buffer or a stream with known length. */
export function putDatastoreFile(client: VsphereClient, f: DatastoreFile, body: Buffer | Readable, length?: number): Promise<void> {
  const url = folderUrl(client, f);
  const size = Buffer.isBuffer(body) ? body.length : length;
  const extra: Record<string, string> = { 'content-type': 'application/octet-stream', ...(size !== undefined ? { 'content-length': String(size) } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent: client.transport.agent, headers: headers(client, extra) }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`vCenter ${client.server}: PUT [${f.datastore}] ${f.path} answered HTTP ${status}`));
    });
    req.on('error', (err) => reject(client.transport.networkError(err, `PUT [${f.datastore}] ${f.path}`)));
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}
