// Hostile clients below gRPC for the hostile-input suite: malformed iSCSI PDUs and a connection flood
// against cloud-cache's iSCSI port (a small version of cloud-cache's RawInitiator, which lives in
// that service's tests), POSTs to the appliance's analyzer port read with node's http(s) client (a
// small version of analyzer-flood's sender), and a TCP relay that delays every chunk (a slow link).
import { request as plainRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';

// ---- iSCSI (RFC 7143) ----

/** A Login Request PDU (BHS, `ahsWords` words of 0xff as AHS, padded data) with `text` as its data segment. */
export function loginPdu(text: Buffer, o: { continued?: boolean; dataLengthField?: number; ahsWords?: number; itt?: number } = {}): Buffer {
  const bhs = Buffer.alloc(48);
  bhs[0] = 0x43; // immediate Login Request
  bhs[1] = o.continued ? 0x40 | 0x04 : 0x87; // C, CSG=operational | T, CSG=operational, NSG=full feature
  bhs[4] = o.ahsWords ?? 0;
  bhs.writeUIntBE(o.dataLengthField ?? text.length, 5, 3);
  bhs[8] = 0x80; // ISID: random qualifier format
  bhs.writeUInt32BE(0x00c0ffee, 9);
  bhs.writeUInt32BE(o.itt ?? 1, 16);
  bhs.writeUInt32BE(1, 24); // CmdSN
  const ahs = Buffer.alloc((o.ahsWords ?? 0) * 4, 0xff);
  return Buffer.concat([bhs, ahs, text, Buffer.alloc(((text.length + 3) & ~3) - text.length)]);
}

/** NUL-terminated key=value entries. */
export const textKeys = (...entries: string[]): Buffer => Buffer.from(entries.map((e) => `${e}\0`).join(''), 'utf8');

/** How the target dealt with one connection's bytes. */
export interface IscsiOutcome {
  /** Opcodes of the PDUs the target sent (0x23 Login Response, 0x3f Reject, …). */
  readonly answers: number[];
  /** Status class/detail of the first Login Response, if any. */
  readonly loginStatus?: number;
  /** The target ended the connection (FIN or reset) within the wait. */
  readonly closedByTarget: boolean;
  /** From the first byte sent until the target closed (or the wait ended). */
  readonly ms: number;
}

/** Opens a connection to the iSCSI port (from `from`), writes `bytes` and waits up to `waitMs` for the target to close it. */
export function iscsiExchange(port: number, bytes: Buffer | Buffer[], o: { waitMs: number; from?: string }): Promise<IscsiOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: o.from });
    const answers: number[] = [];
    let loginStatus: number | undefined;
    let buffered = Buffer.alloc(0);
    let started = performance.now();
    let done = false;
    const finish = (closedByTarget: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers, loginStatus, closedByTarget, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish(false), o.waitMs);
    socket.on('error', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 48) {
        const total = 48 + (buffered[4] as number) * 4 + ((buffered.readUIntBE(5, 3) + 3) & ~3);
        if (buffered.length < total) break;
        const opcode = (buffered[0] as number) & 0x3f;
        answers.push(opcode);
        if (opcode === 0x23 && loginStatus === undefined) loginStatus = buffered.readUInt16BE(36);
        buffered = buffered.subarray(total);
      }
    });
    socket.once('connect', () => {
      started = performance.now();
      for (const b of Array.isArray(bytes) ? bytes : [bytes]) socket.write(b);
    });
  });
}

/** What a connection flood from one address saw: refused at once (closed by the target within 500 ms) or held until we closed it. */
export interface FloodOutcome {
  readonly opened: number;
  readonly refusedAtOnce: number;
  readonly held: number;
  readonly failedToConnect: number;
}

/** Opens `count` connections from `from` at once, holds them `holdMs`, then closes those still open. */
export async function iscsiFlood(port: number, count: number, o: { from: string; holdMs: number }): Promise<FloodOutcome> {
  const sockets: Socket[] = [];
  const outcome = { opened: 0, refusedAtOnce: 0, held: 0, failedToConnect: 0 };
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1', localAddress: o.from });
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.resume();
        socket.once('connect', () => {
          outcome.opened++;
          resolve();
        });
        socket.once('close', () => resolve());
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, Math.min(500, o.holdMs)));
  for (const s of sockets) {
    if (s.destroyed || s.readableEnded) outcome.refusedAtOnce++;
    else if (s.connecting) outcome.failedToConnect++;
  }
  await new Promise((r) => setTimeout(r, Math.max(0, o.holdMs - 500)));
  for (const s of sockets) {
    if (!s.destroyed && !s.readableEnded && !s.connecting) outcome.held++;
    s.destroy();
  }
  return outcome;
}

// ---- the analyzer port (HTTPS, mutual TLS) ----

/** One POST's answer as node's http client read it (a reset, socket or TLS error is `status: 0` with the error's code). */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** What a client presents to the intake: the CA it trusts, and its certificate (none: the handshake is refused). */
export interface IntakeClientTls {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** The intake's port, and how to speak to it: mutual TLS, or `plain-http` (which the intake refuses). */
export interface AnalyzerTarget {
  readonly port: number;
  readonly tls: IntakeClientTls | 'plain-http';
}

function send(target: AnalyzerTarget, options: RequestOptions, answer: (res: IncomingMessage) => void): ClientRequest {
  if (target.tls === 'plain-http') return plainRequest(options, answer);
  // The intake's certificate names 127.0.0.1, so the usual host check applies.
  return tlsRequest({ ...options, ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key }, answer);
}

/** POSTs `body` to the analyzer intake from `from` on a fresh connection and reads the whole answer. */
export function postToAnalyzer(target: AnalyzerTarget, body: Buffer, o: { from?: string; contentType?: string; method?: string; path?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = send(
      target,
      {
        host: '127.0.0.1', port: target.port, path: o.path ?? '/io-summaries', method: o.method ?? 'POST', agent: false, localAddress: o.from,
        headers: { 'content-type': o.contentType ?? 'application/x-protobuf', 'content-length': body.byteLength },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: text.trim() }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, text: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, text: `${error.code ?? ''} ${error.message}`.trim() }));
    req.end(body);
  });
}

// ---- a slow link ----

/** A TCP relay on 127.0.0.1 to `port` that holds every chunk `delayMs` in each direction (a round trip of 2 × delayMs). */
export async function slowLink(port: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => void setTimeout(() => upstream.destroyed || upstream.write(d), delayMs));
    upstream.on('data', (d: Buffer) => void setTimeout(() => client.destroyed || client.write(d), delayMs));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}
