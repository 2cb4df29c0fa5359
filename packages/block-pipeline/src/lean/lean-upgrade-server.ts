import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Server } from '@grpc/grpc-js';
import type { LeanProtocol } from './lean-frames';

/** The private fields of @grpc/grpc-js 1.14's Server that lean streams need (version pinned). */
interface GrpcServerInternals {
  commonServerOptions?: { allowHTTP1?: boolean };
  http2Servers?: Map<HttpListener, unknown>;
}

/** What serveLeanUpgrades uses of one of grpc-js's listeners (a Node Http2SecureServer). */
interface HttpListener {
  on(event: string, listener: (...args: never[]) => void): void;
  listeners(event: string): unknown[];
  removeListener(event: string, listener: (...args: never[]) => void): void;
}

/**
 * Lets `server`'s TLS listeners take HTTP/1.1 as well as gRPC's HTTP/2, so that lean streams can reach its
 * port by an Upgrade. Call before bindAsync; serveLeanUpgrades then takes the upgrades.
 */
export function allowLeanUpgrades(server: Server): boolean {
  const internals = server as unknown as GrpcServerInternals;
  if (internals.commonServerOptions === undefined) return false;
  internals.commonServerOptions.allowHTTP1 = true;
  return true;
}

/** A lean protocol a server takes, and what carries a connection once upgraded. */
export interface LeanRoute extends LeanProtocol {
  take(socket: TLSSocket, head: Buffer): void;
}

/**
 * Takes upgrades to `routes` on `server`'s bound TLS listeners: a client of the site CA that sends the
 * route's Upgrade token to its path gets 101, and the connection goes to the route. Any other upgrade is
 * answered with what this port takes, and so is a plain HTTP/1.1 request (see answerPlainRequests). Returns
 * how many listeners serve them (0: grpc-js's internals changed).
 */
export function serveLeanUpgrades(server: Server, routes: readonly LeanRoute[], log: (line: string) => void): number {
  const listeners = [...((server as unknown as GrpcServerInternals).http2Servers?.keys() ?? [])];
  for (const listener of listeners) {
    listener.on('upgrade', ((request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const tls = socket as TLSSocket;
      const route = routes.find((candidate) => candidate.upgrade === request.headers.upgrade);
      const refusal = upgradeRefusal(request, tls, route, routes);
      if (refusal !== undefined || route === undefined) {
        log(`lean upgrade refused from ${tls.remoteAddress ?? 'a peer'}: ${refusal?.reason ?? ''}`);
        socket.end(`HTTP/1.1 ${refusal?.status ?? '400 Bad Request'}\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\n${refusal?.reason ?? ''}\n`);
        return;
      }
      tls.setKeepAlive(true, 10_000); // a peer gone between messages is noticed
      tls.setNoDelay(true);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${route.upgrade}\r\nconnection: Upgrade\r\n\r\n`);
      route.take(tls, head);
    }) as never);
    answerPlainRequests(listener, routes, log);
  }
  return listeners.length;
}

/**
 * Answers an HTTP/1.1 request without an Upgrade (a browser, curl --http1.1, a health check pointed at the
 * wrong port) at once with 426, naming what the port takes; before, it got no answer until Node's request
 * timeout. The first 'request' listener on an HTTP/2 server also makes Node wrap every HTTP/2 stream for
 * its compatibility API, which would take gRPC's streams too: the 'stream' listener that adds is removed
 * again, so the listener hears HTTP/1.1 requests only.
 */
function answerPlainRequests(listener: HttpListener, routes: readonly LeanRoute[], log: (line: string) => void): void {
  const before = listener.listeners('stream');
  listener.on('request', ((request: IncomingMessage, response: ServerResponse) => {
    if (request.httpVersionMajor !== 1) return; // not expected once the wrapper is gone; grpc-js has the stream
    const reason = `this port serves gRPC over HTTP/2, and ${routes.map((r) => `${r.upgrade} at ${r.path}`).join(' or ')} by an HTTP/1.1 Upgrade; a plain ${request.method ?? ''} ${request.url ?? ''} has no answer here`;
    log(`plain HTTP/1.1 request refused from ${request.socket.remoteAddress ?? 'a peer'}: ${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(426, { upgrade: routes.map((r) => r.upgrade).join(', '), connection: 'close', 'content-type': 'text/plain' });
    response.end(`${reason}\n`);
  }) as never);
  for (const added of listener.listeners('stream')) {
    if (!before.includes(added)) listener.removeListener('stream', added as never);
  }
}

/** Why an upgrade is not one this port takes, with the HTTP status to answer; undefined: it is. */
function upgradeRefusal(request: IncomingMessage, socket: TLSSocket, route: LeanRoute | undefined, routes: readonly LeanRoute[]): { status: string; reason: string } | undefined {
  if (route === undefined) return { status: '400 Bad Request', reason: `this port upgrades to ${routes.map((r) => r.upgrade).join(' or ')} only, not ${request.headers.upgrade ?? 'nothing'}` };
  if (request.url !== route.path) return { status: '404 Not Found', reason: `${route.upgrade} upgrades at ${route.path}, not ${request.url ?? ''}` };
  // The listener asks for a client certificate and refuses one the site CA did not sign; this holds it to that.
  if (socket.authorized !== true) return { status: '403 Forbidden', reason: `${route.upgrade} needs a client certificate of the site CA (${socket.authorizationError?.toString() ?? 'none given'})` };
  return undefined;
}
