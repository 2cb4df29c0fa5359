import { open, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { createVmdkWriter } from '@ferry/disk-formats';
import type { VcsimInstance } from '@ferry/testing';

/**
 * Helpers of the import tests (shared with the cloud-cache move-to-storage test): where vcsim
 * keeps an imported disk, what its import leases did, and a streamOptimized VMDK made by our writer.
 */

/** The local file behind a datastore path "[ds] folder/file.vmdk" of a vcsim instance. */
export function localDiskPath(vc: VcsimInstance, diskPath: string): string {
  const match = /^\[([^\]]+)\]\s*(.*)$/.exec(diskPath);
  const ds = vc.datastores.find((d) => d.name === match?.[1]);
  if (!match || !ds) throw new Error(`${diskPath} names none of vcsim's datastores (${vc.datastores.map((d) => d.name).join(', ')})`);
  return join(ds.path, match[2] ?? '');
}

/** One import lease as vcsim's GET /vcsim/nfc-import-leases lists it. */
export interface VcsimImportLease {
  lease: string;
  vm: string;
  state: string;
  progress: number;
  error?: string;
  urls: string[];
  /** Local paths of the disk descriptors the lease fills. */
  files: string[];
}

/** The import leases the simulator made, in creation order. */
export function vcsimImportLeases(vc: VcsimInstance): Promise<VcsimImportLease[]> {
  return new Promise((resolve, reject) => {
    request(`${vc.url}/vcsim/nfc-import-leases`, { ca: vc.certPem, checkServerIdentity: () => undefined }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString()) as VcsimImportLease[]));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** POSTs `body` to a lease URL (host "*" pointed at vcsim) and returns the HTTP status. */
export function postToLeaseUrl(vc: VcsimInstance, url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace('://*', `://127.0.0.1:${vc.port}`), { method: 'POST', ca: vc.certPem, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Converts a raw image into a streamOptimized VMDK with @ferry/disk-formats; returns the file's size. */
export async function writeStreamOptimized(raw: string, out: string): Promise<number> {
  const { size } = await stat(raw);
  const writer = await createVmdkWriter(out, size, { subformat: 'streamOptimized' });
  const source = await open(raw, 'r');
  try {
    const piece = Buffer.alloc(1 << 20);
    for (let at = 0; at < size; at += piece.length) {
      const { bytesRead } = await source.read(piece, 0, Math.min(piece.length, size - at), at);
      await writer.write(at, piece.subarray(0, bytesRead));
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await source.close();
  }
  return (await stat(out)).size;
}
