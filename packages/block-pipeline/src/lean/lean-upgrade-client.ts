import { BlockList, connect as netConnect, isIP, isIPv4, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TlsMaterial } from '../pki/site-ca';
import type { LeanProtocol } from './lean-frames';

/** The peer does not take this lean stream (it answered the Upgrade otherwise, or offers no HTTP/1.1): use gRPC. */
export class LeanRefused extends Error {}

/** How long a lean stream's connection, TLS handshake and upgrade may take, as grpc-js gives a connection 20 s. */
export const LEAN_CONNECT_MS = 20_000;
/** The largest HTTP head the Upgrade's answer (or a proxy's) may have. */
const MAX_HEAD = 16 * 1024;

/** host and port of `endpoint` (host:port, [v6]:port). */
export function splitEndpoint(endpoint: string): { host: string; port: number } {
  const at = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(endpoint.slice(at + 1)) };
}

/** An HTTP proxy a connection goes through by CONNECT, with the Proxy-Authorization its URL's user info gives. */
export interface HttpProxy {
  host: string;
  port: number;
  authorization?: string;
}

/**
 * The HTTP proxy a connection to `host` goes through, by grpc-js's own rules (http_proxy.ts, 1.14), so that a
 * lean stream takes the way its gRPC channel would: grpc_proxy, else https_proxy, else http_proxy, and only an
 * `http:` URL (anything else, a bare host:port included, means no proxy); its user info becomes Basic
 * Proxy-Authorization. none for a host that no_grpc_proxy (else no_proxy) lists: an IPv4 host inside an
 * IPv4 CIDR entry, or a host that ends with an entry, compared as grpc-js compares them (untrimmed, so an
 * empty entry, as a trailing comma leaves, matches every host).
 */
export function proxyFor(host: string, env: NodeJS.ProcessEnv = process.env): HttpProxy | undefined {
  const setting = env.grpc_proxy || env.https_proxy || env.http_proxy;
  if (!setting) return undefined;
  let url: URL;
  try {
    url = new URL(setting);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  const noProxy = env.no_grpc_proxy || env.no_proxy;
  if (noProxy && noProxy.split(',').some((entry) => inRange(host, entry) || host.endsWith(entry))) return undefined;
  const user = url.username === '' ? undefined : url.password === '' ? url.username : decodeURIComponent(`${url.username}:${url.password}`);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 80), ...(user === undefined ? {} : { authorization: `Basic ${Buffer.from(user).toString('base64')}` }) };
}

/** Whether `host` is an IPv4 address inside `entry` read as an IPv4 CIDR range (false when it is not one). */
function inRange(host: string, entry: string): boolean {
  const [network = '', bits = '', ...more] = entry.split('/');
  const prefix = Number.parseInt(bits, 10);
  if (more.length > 0 || !isIPv4(host) || !isIPv4(network) || !(prefix >= 0 && prefix <= 32)) return false;
  const range = new BlockList();
  range.addSubnet(network, prefix, 'ipv4');
  return range.check(host, 'ipv4');
}

/** Reads an HTTP head (up to the blank line) from `socket`: its status line's code, and what came after the head. */
function readHead(socket: Socket, what: string): Promise<{ status: number; line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const done = (error?: Error, value?: { status: number; line: string; rest: Buffer }): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error !== undefined) reject(error);
      else resolve(value!);
    };
    const onData = (data: Buffer): void => {
      got = Buffer.concat([got, data]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) {
        if (got.length > MAX_HEAD) done(new LeanRefused(`${what} answered more than ${MAX_HEAD} bytes without ending its HTTP head`));
        return;
      }
      socket.pause();
      const line = got.subarray(0, got.indexOf('\r\n')).toString('latin1');
      done(undefined, { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? 0), line, rest: got.subarray(end + 4) });
    };
    const onClose = (): void => done(new LeanRefused(`${what} closed the connection before it answered`));
    const onError = (error: Error): void => done(error);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}

/** A TCP connection to host:port, through `proxy` by HTTP CONNECT if one is set. */
async function tcpTo(host: string, port: number, proxy: HttpProxy | undefined, opened: (socket: Socket) => void): Promise<Socket> {
  const socket = netConnect({ host: proxy?.host ?? host, port: proxy?.port ?? port });
  opened(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  if (proxy === undefined) return socket;
  const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const authorization = proxy.authorization === undefined ? '' : `proxy-authorization: ${proxy.authorization}\r\n`;
  socket.write(`CONNECT ${target} HTTP/1.1\r\nhost: ${target}\r\n${authorization}\r\n`);
  const head = await readHead(socket, `the proxy ${proxy.host}:${proxy.port}`);
  if (head.status !== 200) {
    socket.destroy();
    throw new Error(`the proxy ${proxy.host}:${proxy.port} refused CONNECT ${target}: ${head.line}`);
  }
  return socket;
}

/**
 * A lean stream's connection to the gRPC service at `endpoint`: TCP (through the proxy grpc-js would use),
 * mutual TLS with this service's certificate trusting only the site CA, then the Upgrade to `protocol`.
 * Resolves with the socket, paused (attach a 'data' listener, then resume it), and any bytes that came
 * after the 101; rejects with LeanRefused when the peer
 * does not take that protocol, with the network's error otherwise.
 */
export async function connectLean(endpoint: string, tls: TlsMaterial, protocol: LeanProtocol, timeoutMs = LEAN_CONNECT_MS): Promise<{ socket: TLSSocket; rest: Buffer }> {
  const { host, port } = splitEndpoint(endpoint);
  // A peer that takes the TCP connection and then never answers (stopped, or a black hole on the way) must not hold the caller.
  let current: Socket | undefined;
  const timer = setTimeout(() => current?.destroy(new Error(`${endpoint} did not answer the ${protocol.upgrade} upgrade within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    return await upgradeOn(endpoint, host, port, tls, protocol, (socket) => (current = socket));
  } finally {
    clearTimeout(timer);
  }
}

async function upgradeOn(endpoint: string, host: string, port: number, tls: TlsMaterial, protocol: LeanProtocol, opened: (socket: Socket) => void): Promise<{ socket: TLSSocket; rest: Buffer }> {
  const tcp = await tcpTo(host, port, proxyFor(host), opened);
  const socket = tlsConnect({ socket: tcp, host, ...(isIP(host) === 0 ? { servername: host } : {}), ca: tls.ca, cert: tls.cert, key: tls.key, ALPNProtocols: ['http/1.1'] });
  opened(socket);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', (error: Error & { code?: string }) => reject(error.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ? new LeanRefused(`${endpoint} speaks HTTP/2 only (gRPC): it is older than ${protocol.upgrade}`) : error));
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.write(`POST ${protocol.path} HTTP/1.1\r\nhost: ${endpoint}\r\nupgrade: ${protocol.upgrade}\r\nconnection: Upgrade\r\ncontent-length: 0\r\n\r\n`);
    const head = await readHead(socket, endpoint);
    if (head.status !== 101) throw new LeanRefused(`${endpoint} did not upgrade to ${protocol.upgrade}: ${head.line}`);
    return { socket, rest: head.rest };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
