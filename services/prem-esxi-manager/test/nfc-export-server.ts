import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { issueLeaf } from '@ferry/block-pipeline';

/** How the test export host behaves. */
export interface ExportHostOptions {
  /** Site CA directory to issue the host certificate from (any CA will do: the client pins it). */
  caDir: string;
  /** Device path -> VMDK file served there, e.g. "/nfc/ticket-1/disk-0.vmdk". */
  files: Record<string, string>;
  /** When set, a GET without exactly this cookie is answered 401, as ESXi does without a session. */
  cookie?: string;
}

/** A local HTTPS host serving export device URLs the way ESXi does: whole file, chunked, no Range. */
export interface ExportHost {
  port: number;
  thumbprint: string;
  /** GETs answered so far, per path. */
  gets: Map<string, number>;
  /** The next GET of `path` is cut (socket destroyed) after `bytes` body bytes. */
  cutNext(path: string, bytes: number): void;
  locator(path: string): string;
  close(): Promise<void>;
}

export async function startExportHost(options: ExportHostOptions): Promise<ExportHost> {
  const tls = await issueLeaf(options.caDir, 'esxi-host');
  const cuts = new Map<string, number>();
  const gets = new Map<string, number>();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const path = req.url ?? '';
    const file = options.files[path];
    if (req.method !== 'GET' || file === undefined) return void res.writeHead(404).end();
    if (options.cookie !== undefined && req.headers.cookie !== options.cookie) return void res.writeHead(401).end();
    gets.set(path, (gets.get(path) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/x-vnd.vmware-streamVmdk' }); // no length: chunked
    const cut = cuts.get(path);
    cuts.delete(path);
    let sent = 0;
    const body = createReadStream(file, { highWaterMark: 64 * 1024 });
    body.on('data', (data) => {
      const piece = Buffer.from(data);
      if (cut !== undefined && sent + piece.length > cut) {
        body.destroy();
        res.write(piece.subarray(0, cut - sent), () => res.socket?.destroy());
        return;
      }
      sent += piece.length;
      if (!res.write(piece)) {
        body.pause();
        res.once('drain', () => body.resume());
      }
    });
    body.on('end', () => res.end());
    res.on('close', () => body.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const thumbprint = new X509Certificate(tls.cert).fingerprint256;
  return {
    port,
    thumbprint,
    gets,
    cutNext: (path, bytes) => cuts.set(path, bytes),
    locator: (path) => `nfc:https://127.0.0.1:${port}${path}#thumbprint=${thumbprint}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
