/**
 * The appliance's analyzer port (32820 by default): cloud-cache POSTs a ferry.cache.v1.IoSummaryBatch
 * (application/x-protobuf) to / or /io-summaries, over mutual TLS with the site CA (intake-tls.ts): a
 * client without a certificate from that CA is refused in the handshake. Answers 204 when taken, 400 naming the bad field,
 * 415 for another content type, 413 for a body or batch over a limit, 429 (with Retry-After) for a
 * sender or the appliance over a limit, 405/404 for other methods and paths. A 413 or 429 names the
 * ANALYZER_* variable and its value. Every answer is written before the connection closes: the rest of
 * a refused body is read and dropped (up to DRAIN_MAX_BYTES or DRAIN_MAX_MS after the answer), never
 * cut off under the answer, which the client would then see as a reset instead of the status. Pushes
 * are decoded one at a time, a slice per event-loop turn, so a burst never holds the loop for long.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '@ferry/block-pipeline';
import { UnavailableError, ValidationError } from '@ferry/errors';
import type { CacheSummaries } from './cache-summaries';
import { refusal, type Refusal } from './intake-limits';
import { intakeTlsOptions, logRefusedHandshakes } from './intake-tls';
import { SenderRate } from './sender-rate';
import { checkVolumes, decodeBatch, VolumeCounter } from './summary-validation';

/** The running intake. */
export interface AnalyzerIntake {
  /** The port it listens on (the configured one, or the OS's choice for 0). */
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/x-protobuf';
const PATHS = new Set(['/', '/io-summaries']);
/** What is read and dropped of a refused body after the answer before the connection is closed anyway. */
const DRAIN_MAX_BYTES = 64 << 20;
const DRAIN_MAX_MS = 10_000;
/** A push (headers and body) must arrive within this, so a slow sender cannot hold a connection and its bytes. */
const REQUEST_TIMEOUT_MS = 60_000;
const HEADERS_TIMEOUT_MS = 20_000;
/** Volumes checked in one turn of the event loop (well under 1 ms warm, a few ms before the JIT has warmed up). */
const CHECK_SLICE = 100;

/** What the handlers share: the store (with the limits), the per-sender rate, the bytes of bodies in flight, and the turn queue. */
interface Intake {
  readonly store: CacheSummaries;
  readonly rate: SenderRate;
  pendingBytes: number;
  /** Settles when the last queued push has been decoded and applied. */
  lastTurn: Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `work` after every push queued before it. Pushes are decoded one at a time and a push's work is
 * cut into turns of the event loop (CHECK_SLICE volumes each), so when many senders push at once the
 * API and /metrics are served between two slices instead of after every batch.
 */
async function queued<T>(intake: Intake, work: () => Promise<T>): Promise<T> {
  const previous = intake.lastTurn;
  let done!: () => void;
  intake.lastTurn = new Promise((resolve) => (done = resolve));
  try {
    await previous;
    return await work();
  } finally {
    done();
  }
}

/** Decodes, checks and keeps one push's body, a slice per turn; the refusal or the ValidationError, if any. */
async function take(intake: Intake, body: Body, sender: string): Promise<Refusal | ValidationError | undefined> {
  const { store } = intake;
  try {
    await nextTurn();
    const batch = decodeBatch(body.bytes);
    const seen = new Set<string>();
    for (let from = 0; from < batch.volumes.length; from += CHECK_SLICE) {
      await nextTurn();
      checkVolumes(batch, from, from + CHECK_SLICE, store.limits, seen);
    }
    await nextTurn();
    return store.apply(batch, sender);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    store.refused('invalid');
    return error;
  }
}

/**
 * Answers with the whole text at once (its length declared, so the client has the complete answer as
 * soon as it arrives), but ends the response only once the request's body is read: the connection is
 * never closed under a sender still writing, which its kernel would turn into a reset that can swallow
 * the answer. The rest of a body nobody reads is dropped; past DRAIN_MAX_BYTES or DRAIN_MAX_MS the
 * connection is closed anyway, after the answer is flushed. `close` answers a push whose body was
 * never asked for (Expect: 100-continue refused): nothing follows, so the connection is closed.
 */
function answer(req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}, close = false): void {
  const body = `${text}\n`;
  const length = String(Buffer.byteLength(body));
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': length, ...(close ? { connection: 'close' } : {}), ...headers });
  res.write(body);
  if (close || req.complete) return void res.end();
  let drained = 0;
  let ended = false;
  const end = (cutOff: boolean): void => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    if (cutOff) res.once('finish', () => req.socket.destroy());
    res.end();
  };
  const timer = setTimeout(() => end(true), DRAIN_MAX_MS).unref();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained <= DRAIN_MAX_BYTES) return;
    req.pause();
    end(true);
  });
  req.once('end', () => end(false));
  req.once('close', () => end(false));
  req.resume();
}

/** Answers a refused push (counted in the store's refusals). */
function refuse(req: IncomingMessage, res: ServerResponse, intake: Intake, r: Refusal, expectsContinue = false): void {
  intake.store.refused(r);
  answerRefusal(req, res, r, expectsContinue);
}

/** Answers a refusal already counted, with Retry-After on a 429. */
function answerRefusal(req: IncomingMessage, res: ServerResponse, r: Refusal, expectsContinue = false): void {
  answer(req, res, r.status, r.message, r.retryAfterSeconds === undefined ? {} : { 'retry-after': String(r.retryAfterSeconds) }, expectsContinue);
}

/** A body that arrived whole, and how many volumes it carries. */
interface Body {
  readonly bytes: Buffer;
  readonly volumes: number;
}

/**
 * The body, or a refusal when it passes the body limit, the bytes in flight or (counted as it arrives,
 * before it is buffered whole) the volumes of one sender; holds its bytes in `intake.pendingBytes` meanwhile.
 */
function readBody(req: IncomingMessage, intake: Intake): Promise<Body | Refusal | ValidationError> {
  const { store } = intake;
  const { limits } = store;
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const counter = new VolumeCounter();
    let size = 0;
    const release = (): void => {
      intake.pendingBytes -= size;
      size = 0;
      parts.length = 0;
    };
    const stop = (r: Refusal | ValidationError): void => {
      release();
      req.removeAllListeners('data');
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      intake.pendingBytes += chunk.length;
      if (size > limits.maxBodyBytes) return stop(refusal(limits, 413, 'maxBodyBytes', `the body passed ${limits.maxBodyBytes} bytes; push fewer volumes per batch`));
      if (intake.pendingBytes > limits.maxPendingBytes) return stop(refusal(limits, 429, 'maxPendingBytes', 'other pushes hold the bytes the appliance takes in at once; push again later', 1000));
      try {
        counter.push(chunk);
      } catch (error) {
        if (error instanceof ValidationError) return stop(error);
        throw error;
      }
      const tooMany = store.checkBatchSize(counter.volumes, true);
      if (tooMany) return stop(tooMany);
      parts.push(chunk);
    });
    req.on('end', () => {
      const bytes = Buffer.concat(parts);
      release();
      try {
        resolve({ bytes, volumes: counter.finish() });
      } catch (error) {
        resolve(error as ValidationError);
      }
    });
    req.on('error', (error) => {
      release();
      reject(error);
    });
    // A sender that goes away mid-body must not keep its bytes counted as in flight.
    req.on('close', () => {
      if (req.complete) return;
      release();
      reject(new Error('the sender closed the connection before the body ended'));
    });
  });
}

/** The checks that need only the headers: a push refused here is refused before its body is sent or read. */
function checkHeaders(req: IncomingMessage, intake: Intake, sender: string): Refusal | undefined {
  const { limits } = intake.store;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) return refusal(limits, 413, 'maxBodyBytes', `the body is ${declared} bytes; push fewer volumes per batch`);
  if (intake.pendingBytes + declared > limits.maxPendingBytes) return refusal(limits, 429, 'maxPendingBytes', 'other pushes hold the bytes the appliance takes in at once; push again later', 1000);
  return intake.rate.take(sender, 1, false);
}

async function handle(req: IncomingMessage, res: ServerResponse, intake: Intake, expectsContinue: boolean): Promise<void> {
  const { store } = intake;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (!PATHS.has(path)) return answer(req, res, 404, `no ${path} here; POST IO summaries to /io-summaries`, {}, expectsContinue);
  if (req.method !== 'POST') return answer(req, res, 405, `${req.method ?? ''} is not served; POST a ferry.cache.v1.IoSummaryBatch`, { allow: 'POST' }, expectsContinue);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== CONTENT_TYPE) {
    store.refused('content-type');
    return answer(req, res, 415, `content type "${type ?? ''}" is not accepted; send a ferry.cache.v1.IoSummaryBatch as ${CONTENT_TYPE}`, {}, expectsContinue);
  }
  const sender = req.socket.remoteAddress ?? 'unknown';
  const early = checkHeaders(req, intake, sender);
  if (early) return refuse(req, res, intake, early, expectsContinue);
  if (expectsContinue) res.writeContinue();
  const body = await readBody(req, intake);
  if (body instanceof ValidationError) {
    store.refused('invalid');
    return answer(req, res, 400, body.message);
  }
  if (!('bytes' in body)) return refuse(req, res, intake, body);
  const tooFast = intake.rate.take(sender, body.volumes);
  if (tooFast) return refuse(req, res, intake, tooFast);
  const outcome = await queued(intake, () => take(intake, body, sender));
  if (outcome instanceof ValidationError) return answer(req, res, 400, outcome.message);
  if (outcome) return answerRefusal(req, res, outcome);
  res.writeHead(204).end();
}

/** Where the intake listens and how it proves itself and checks its clients. */
export interface IntakeEndpoint {
  readonly host: string;
  /** 0 picks a free one. */
  readonly port: number;
  /** The site CA, and the appliance's certificate from it: clients must present one from the same CA. */
  readonly tls: TlsMaterial;
  /** Where refused handshakes are logged, naming the peer. */
  readonly log: (line: string) => void;
}

/** Listens on the endpoint and keeps what arrives in `store`, within `store.limits`. */
export async function startAnalyzerIntake(store: CacheSummaries, endpoint: IntakeEndpoint): Promise<AnalyzerIntake> {
  const { host, port } = endpoint;
  const intake: Intake = { store, rate: new SenderRate(store.limits), pendingBytes: 0, lastTurn: Promise.resolve() };
  const serve = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    handle(req, res, intake, expectsContinue).catch((error: unknown) => {
      // A sender that went away mid-body has nobody to answer.
      if (req.socket.destroyed) return;
      if (res.headersSent) return void req.socket.destroy();
      answer(req, res, 500, `summary intake failed: ${(error as Error).message}`);
    });
  };
  const server = createServer(intakeTlsOptions(endpoint.tls), (req, res) => serve(req, res, false));
  logRefusedHandshakes(server, endpoint.log);
  // Without this listener node answers "100 Continue" by itself: here a push over a limit is refused instead, before its body is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => serve(req, res, true));
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
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
