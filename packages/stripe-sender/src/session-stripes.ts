import type { Client, ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import { stripeTicket, type EncodedSenderMessage } from '@ferry/block-pipeline';
import { UnavailableError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';

type StripeCall = ClientWritableStream<ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage>;
type StripeClient = Client & { TransferStripe(callback: (error: ServiceError | null, closed?: ferry.dataplane.v1.StripeClosed) => void): StripeCall };

export interface Stripe {
  call: StripeCall;
  /** Its last write is buffered beyond the stream's mark: the connection is slow or stalled now. */
  blocked: boolean;
  closed: Promise<number>;
}

/**
 * The extra connections (TransferStripe streams) one session spreads its chunk frames over. Each
 * frame goes to the next stripe whose connection takes writes now, so a stripe stalled by a lost
 * segment (a retransmission timeout on a lossy WAN) leaves the link to the others; the receiver puts
 * the frames back in counter order. Credits and acknowledgements stay on the session's Transfer stream.
 */
export class SessionStripes {
  /**
   * The clients whose connection is up within `timeoutMs` (each dials if it is idle). A stripe is only
   * used connected: one that failed on a connection still down (a receiver just restarted) would fail the
   * session after frames went out on the others.
   */
  static async connected(clients: readonly Client[], timeoutMs: number): Promise<Client[]> {
    const deadline = Date.now() + timeoutMs;
    const up = await Promise.all(clients.map((client) => new Promise<Client | undefined>((resolve) => client.waitForReady(deadline, (error) => resolve(error ? undefined : client)))));
    return up.filter((client): client is Client => client !== undefined);
  }

  /** Starts each client's connection without waiting for it (connected() later waits for the ones it needs). */
  static dial(clients: readonly Client[]): void {
    for (const client of clients) client.getChannel().getConnectivityState(true);
  }

  private readonly stripes: Stripe[];
  private next = 0;

  /**
   * Opens one stripe per client (each its own connection) for the session `sessionId`, each with its ticket
   * under the session key. `onFailure`: a stripe broke; `onDrain`: a blocked stripe takes writes again.
   */
  constructor(clients: readonly Client[], session: { id: Buffer; key: Buffer }, onFailure: (error: Error) => void, private readonly onDrain: () => void) {
    this.stripes = clients.map((client, index) => {
      let settle: (frames: number) => void = () => undefined;
      const closed = new Promise<number>((resolve) => (settle = resolve));
      const call = (client as StripeClient).TransferStripe((error, reply) => {
        if (error !== null) onFailure(Object.assign(new UnavailableError(`stripe ${index + 1} of the session failed: ${error.details || error.message}`, { cause: error }), { grpcCode: error.code, receiverStream: true }));
        settle(Number(reply?.frames ?? 0));
      });
      call.on('error', () => undefined); // reported through the callback
      call.write({ stripe: { sessionId: session.id, stripe: index + 1, ticket: stripeTicket(session.key, session.id, index + 1) } });
      return { call, blocked: false, closed };
    });
  }

  /** The next stripe whose connection takes writes now (round robin); none while all are blocked. */
  pick(): Stripe | undefined {
    for (let tried = 0; tried < this.stripes.length; tried++) {
      const stripe = this.stripes[this.next];
      this.next = (this.next + 1) % this.stripes.length;
      if (stripe !== undefined && !stripe.blocked) return stripe;
    }
    return undefined;
  }

  /**
   * Writes one chunk frame on `stripe` (from pick); a write beyond the stream's mark blocks the stripe until
   * it drains. `written`: once gRPC has taken the frame's bytes (its buffer may then be reused).
   */
  write(stripe: Stripe, message: ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage, written?: () => void): void {
    if (stripe.call.write(message, written)) return;
    stripe.blocked = true;
    stripe.call.once('drain', () => {
      stripe.blocked = false;
      this.onDrain();
    });
  }

  /** Ends every stripe; resolves with the frames the receiver counted on each once it has them all. */
  async end(): Promise<number[]> {
    for (const stripe of this.stripes) stripe.call.end();
    return Promise.all(this.stripes.map((stripe) => stripe.closed));
  }

  cancel(): void {
    for (const stripe of this.stripes) stripe.call.cancel();
  }
}
