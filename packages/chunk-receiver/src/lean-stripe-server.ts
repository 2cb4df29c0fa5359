import type { Duplex } from 'node:stream';
import type { Server } from '@grpc/grpc-js';
import { LEAN_STRIPE, readLean, serveLeanUpgrades, writeLean } from '@ferry/block-pipeline';
import { grpcStatusOf, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { stripeIntake, type StripeIntake, type StripeSetting } from './stripe-intake';

const pb = ferry.dataplane.v1;

/**
 * Serves lean stripes (StripeReply in transfer.proto) on `server`'s bound TLS listeners: a client of the
 * site CA that upgrades to ferry-stripe/1 carries stripes of sessions open on this receiver, one after
 * another, on that connection. Returns how many listeners serve them (0: grpc-js's internals changed, and
 * senders fall back to TransferStripe).
 */
export function serveLeanStripes(server: Server, stripes: StripeSetting | undefined, log: (line: string) => void): number {
  return serveLeanUpgrades(server, [{ ...LEAN_STRIPE, take: (socket, head) => carryStripes(socket, head, stripes) }], log);
}

/**
 * One upgraded connection: stripes one after another, each StripeOpen, its frames, and a length of 0; one
 * StripeReply each. A refused stripe ends the connection; a connection that closes mid-stripe cuts it.
 */
function carryStripes(socket: Duplex, head: Buffer, stripes: StripeSetting | undefined): void {
  let over = false;
  const reply = (message: ferry.dataplane.v1.IStripeReply): void => void writeLean(socket, pb.StripeReply.encode(message).finish());
  const next = (): StripeIntake =>
    stripeIntake(stripes, (error, frames) => {
      if (error === undefined) return reply({ closed: { frames } });
      over = true;
      reply({ refused: { code: grpcStatusOf(error), details: error.message } });
      socket.end();
      setTimeout(() => socket.destroy(), 5000).unref(); // a peer that keeps its end open goes anyway
    });
  let current = next();
  // A connection that closes mid-stripe cuts it; between stripes nothing is lost.
  socket.on('close', () => {
    if (!over) current.cut();
    over = true;
  });
  socket.on('error', () => undefined); // 'close' follows
  readLean(socket, head, {
    message: (bytes) => {
      if (bytes.length === 0) {
        current.end();
        current = next();
        return;
      }
      let message: ferry.dataplane.v1.SenderMessage;
      try {
        message = pb.SenderMessage.decode(bytes);
      } catch (error) {
        return current.fail(new ValidationError('message', `a lean stripe message of ${bytes.length} bytes is not a SenderMessage (${(error as Error).message}); the sender must speak ${LEAN_STRIPE.upgrade}`));
      }
      current.message(message);
    },
    malformed: (error) => current.fail(error),
    // A sender that stopped (or whose link is cut) cuts its stripe, as gRPC's keepalive would find it.
    silent: () => socket.destroy(),
  }, { open: () => !over });
}
