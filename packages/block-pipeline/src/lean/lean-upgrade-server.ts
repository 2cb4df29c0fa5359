import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Server } from '@grpc/grpc-js';
import type { LeanProtocol } from './lean-frames';

/** The private fields of @grpc/grpc-js 1.14's Server that lean streams need (version pinned). */
interface GrpcServerInternals {
  commonServerOptions?: { allowHTTP1?: boolean };
  http2Servers?: Map<{ on(event: string, listener: (...args: never[]) => void): void }, unknown>;
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
 * answered with what this port takes. Returns how many listeners serve them (0: grpc-js's internals changed).
 * No 'request' listener is added: on an HTTP/2 server it would also take every gRPC stream (Node's
 * compatibility API); a plain HTTP/1.1 request without an Upgrade gets no answer and Node's timeouts close it.
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
  }
  return listeners.length;
}

/** Why an upgrade is not one this port takes, with the HTTP status to answer; undefined: it is. */
function upgradeRefusal(request: IncomingMessage, socket: TLSSocket, route: LeanRoute | undefined, routes: readonly LeanRoute[]): { status: string; reason: string } | undefined {
  if (route === undefined) return { status: '400 Bad Request', reason: `this port upgrades to ${routes.map((r) => r.upgrade).join(' or ')} only, not ${request.headers.upgrade ?? 'nothing'}` };
  if (request.url !== route.path) return { status: '404 Not Found', reason: `${route.upgrade} upgrades at ${route.path}, not ${request.url ?? ''}` };
  // The listener asks for a client certificate and refuses one the site CA did not sign; this holds it to that.
  if (socket.authorized !== true) return { status: '403 Forbidden', reason: `${route.upgrade} needs a client certificate of the site CA (${socket.authorizationError?.toString() ?? 'none given'})` };
  return undefined;
}
