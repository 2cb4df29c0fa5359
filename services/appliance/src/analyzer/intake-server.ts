/**
 * The appliance's analyzer port (32820 by default): cloud-cache POSTs a ferry.cache.v1.IoSummaryBatch
 * (application/x-protobuf) to / or /io-summaries. Answers 204 when taken, 400 naming the bad field,
 * 415 for another content type, 413 for an oversized body, 405/404 for other methods and paths.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnavailableError, ValidationError } from '@ferry/errors';
import type { CacheSummaries } from './cache-summaries';
import { decodeSummaryBatch } from './summary-validation';

/** The running intake. */
export interface AnalyzerIntake {
  /** The port it listens on (the configured one, or the OS's choice for 0). */
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/x-protobuf';
const MAX_BODY = 8 << 20;
const PATHS = new Set(['/', '/io-summaries']);

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, store: CacheSummaries): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (!PATHS.has(path)) return answer(res, 404, `no ${path} here; POST IO summaries to /io-summaries`);
  if (req.method !== 'POST') return answer(res, 405, `${req.method ?? ''} is not served; POST a ferry.cache.v1.IoSummaryBatch`, { allow: 'POST' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== CONTENT_TYPE) {
    store.rejected++;
    req.resume();
    return answer(res, 415, `content type "${type ?? ''}" is not accepted; send a ferry.cache.v1.IoSummaryBatch as ${CONTENT_TYPE}`);
  }
  const body = await readBody(req);
  if (body === undefined) {
    store.rejected++;
    return answer(res, 413, `body exceeds ${MAX_BODY} bytes; push fewer volumes per batch`);
  }
  try {
    store.apply(decodeSummaryBatch(body), req.socket.remoteAddress ?? '');
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    store.rejected++;
    return answer(res, 400, `${error.message}`);
  }
  res.writeHead(204).end();
}

/** Listens on host:port (0 picks a free one) and keeps what arrives in `store`. */
export async function startAnalyzerIntake(store: CacheSummaries, host: string, port: number): Promise<AnalyzerIntake> {
  const server = createServer((req, res) => {
    handle(req, res, store).catch((error: unknown) => answer(res, 500, `summary intake failed: ${(error as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(new UnavailableError(`cannot listen on ${host}:${port} for IO-analyzer summaries (${cause.code ?? cause.message}); set ANALYZER_PORT to a free port`, { cause })),
    );
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
