import type { Client, ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import { stripeTicket } from '@ferry/block-pipeline';
import { UnavailableError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import type { StripeChannel, StripeLine, StripeMessage, StripeSession } from './stripe-line';

type StripeCall = ClientWritableStream<StripeMessage>;
type StripeClient = Client & { TransferStripe(callback: (error: ServiceError | null, closed?: ferry.dataplane.v1.StripeClosed) => void): StripeCall };

/** A stripe as a gRPC TransferStripe stream, on a ChunkReceiver client of its own (chunkReceiverClient with a stripe number). */
export class GrpcStripeLine implements StripeLine {
  constructor(readonly client: Client) {}

  dial(): void {
    this.client.getChannel().getConnectivityState(true);
  }

  ready(deadline: number): Promise<boolean> {
    return new Promise((resolve) => this.client.waitForReady(deadline, (error) => resolve(error === undefined || error === null)));
  }

  open(session: StripeSession, stripe: number, onFailure: (error: Error) => void): StripeChannel {
    let settle: (frames: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => (settle = resolve));
    const call = (this.client as StripeClient).TransferStripe((error, reply) => {
      if (error !== null) onFailure(Object.assign(new UnavailableError(`stripe ${stripe} of the session failed: ${error.details || error.message}`, { cause: error }), { grpcCode: error.code, receiverStream: true }));
      settle(Number(reply?.frames ?? 0));
    });
    call.on('error', () => undefined); // reported through the callback
    call.write({ stripe: { sessionId: session.id, stripe, ticket: stripeTicket(session.key, session.id, stripe) } });
    return {
      write: (message, written) => call.write(message, written),
      onDrain: (listener) => void call.once('drain', listener),
      end: () => {
        call.end();
        return closed;
      },
      cancel: () => call.cancel(),
    };
  }

  close(): void {
    this.client.close();
  }
}
