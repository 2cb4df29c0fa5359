import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Server } from '@grpc/grpc-js';
import { LEAN_STRIPE_PATH, LEAN_STRIPE_UPGRADE, LeanFrameReader, leanLength } from '@ferry/block-pipeline';
import { grpcStatusOf, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { stripeIntake, type StripeIntake, type StripeSetting } from './stripe-intake';

const pb = ferry.dataplane.v1;

/** The private fields of @grpc/grpc-js 1.14's Server that lean stripes need (version pinned). */
interface GrpcServerInternals {
  commonServerOptions?: { allowHTTP1?: boolean };
  http2Servers?: Map<{ on(event: string, listener: (...args: never[]) => void): void }, unknown>;
}

/**
 * Lets `server`'s TLS listeners take HTTP/1.1 as well as gRPC's HTTP/2, so that lean stripes can reach
 * the Transfer port by an Upgrade. Call before bindAsync; serveLeanStripes then takes the upgrades.
 */
export function allowLeanStripes(server: Server): boolean {
  const internals = server as unknown as GrpcServerInternals;
  if (internals.commonServerOptions === undefined) return false;
  internals.commonServerOptions.allowHTTP1 = true;
  return true;
}

/**
 * Serves lean stripes (StripeReply in transfer.proto) on `server`'s bound TLS listeners: a client of the
 * site CA that sends `Upgrade: ferry-stripe/1` to LEAN_STRIPE_PATH gets 101 and then carries stripes of
 * sessions open on this receiver, one after another, on that connection. Any other upgrade is answered
 * with what this port takes. Returns how many listeners serve them (0: grpc-js's internals
 * changed, and senders must use STRIPE_TRANSPORT=grpc).
 */
export function serveLeanStripes(server: Server, stripes: StripeSetting | undefined, log: (line: string) => void): number {
  const listeners = [...((server as unknown as GrpcServerInternals).http2Servers?.keys() ?? [])];
  for (const listener of listeners) {
    // No 'request' listener: on an HTTP/2 server it would also take every gRPC stream (Node's compatibility
    // API). A plain HTTP/1.1 request without the Upgrade gets no answer and is closed by Node's timeouts.
    listener.on('upgrade', ((request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const refusal = upgradeRefusal(request, socket as TLSSocket);
      if (refusal !== undefined) {
        log(`lean stripe refused from ${(socket as TLSSocket).remoteAddress ?? 'a peer'}: ${refusal.reason}`);
        socket.end(`HTTP/1.1 ${refusal.status}\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\n${refusal.reason}\n`);
        return;
      }
      (socket as TLSSocket).setKeepAlive(true, 10_000); // a peer gone between stripes is noticed
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${LEAN_STRIPE_UPGRADE}\r\nconnection: Upgrade\r\n\r\n`);
      carryStripes(socket, head, stripes);
    }) as never);
  }
  return listeners.length;
}

/** Why an upgrade is not a lean stripe this receiver takes, with the HTTP status to answer; undefined: it is. */
function upgradeRefusal(request: IncomingMessage, socket: TLSSocket): { status: string; reason: string } | undefined {
  if (request.headers.upgrade !== LEAN_STRIPE_UPGRADE) return { status: '400 Bad Request', reason: `this port upgrades to ${LEAN_STRIPE_UPGRADE} only, not ${request.headers.upgrade ?? 'nothing'}` };
  if (request.url !== LEAN_STRIPE_PATH) return { status: '404 Not Found', reason: `lean stripes upgrade at ${LEAN_STRIPE_PATH}, not ${request.url ?? ''}` };
  // The listener asks for a client certificate and refuses one the site CA did not sign; this holds it to that.
  if (socket.authorized !== true) return { status: '403 Forbidden', reason: `a lean stripe needs a client certificate of the site CA (${socket.authorizationError?.toString() ?? 'none given'})` };
  return undefined;
}

/**
 * One upgraded connection: stripes one after another, each StripeOpen, its frames, and a length of 0; one
 * StripeReply each. A refused stripe ends the connection; a connection that closes mid-stripe cuts it.
 */
function carryStripes(socket: Duplex, head: Buffer, stripes: StripeSetting | undefined): void {
  const reader = new LeanFrameReader();
  let over = false;
  const reply = (message: ferry.dataplane.v1.IStripeReply): void => {
    const bytes = pb.StripeReply.encode(message).finish();
    socket.cork();
    socket.write(leanLength(bytes.length));
    socket.write(bytes);
    socket.uncork();
  };
  const next = (): StripeIntake =>
    stripeIntake(stripes, (error, frames) => {
      if (error === undefined) return reply({ closed: { frames } });
      over = true;
      reply({ refused: { code: grpcStatusOf(error), details: error.message } });
      socket.end();
      setTimeout(() => socket.destroy(), 5000).unref(); // a peer that keeps its end open goes anyway
    });
  let current = next();
  const take = (data: Buffer): void => {
    let messages: Buffer[] = [];
    try {
      messages = reader.push(data);
    } catch (error) {
      current.fail(error as Error);
    }
    for (const bytes of messages) {
      if (over) return;
      if (bytes.length === 0) {
        current.end();
        current = next();
        continue;
      }
      let message: ferry.dataplane.v1.SenderMessage;
      try {
        message = pb.SenderMessage.decode(bytes);
      } catch (error) {
        return current.fail(new ValidationError('message', `a lean stripe message of ${bytes.length} bytes is not a SenderMessage (${(error as Error).message}); the sender must speak ${LEAN_STRIPE_UPGRADE}`));
      }
      current.message(message);
    }
  };
  socket.on('data', (data: Buffer) => {
    if (!over) take(data);
  });
  // A connection that closes mid-stripe cuts it; between stripes nothing is lost.
  socket.on('close', () => {
    if (!over) current.cut();
    over = true;
  });
  socket.on('error', () => undefined); // 'close' follows
  if (head.length > 0) take(head);
}
