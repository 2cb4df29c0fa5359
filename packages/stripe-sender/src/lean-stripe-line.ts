import type { TLSSocket } from 'node:tls';
import type { Client } from '@grpc/grpc-js';
import { connectLean, LEAN_SILENT_MS, LEAN_STRIPE, leanLength, LeanRefused, readLean, stripeTicket, writeLean, type TlsMaterial } from '@ferry/block-pipeline';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { GrpcStripeLine } from './grpc-stripe-line';
import type { StripeChannel, StripeLine, StripeSession } from './stripe-line';

const pb = ferry.dataplane.v1;

/**
 * A lean stripe: one TLS connection to the receiver's Transfer port, upgraded to ferry-stripe/1, that
 * carries one stripe's frames each behind a 4-byte length (StripeReply in transfer.proto). It costs a
 * fraction of a TransferStripe stream's CPU at both ends: no HTTP/2 framing and no copy per message. A
 * receiver that refuses the upgrade (older than lean stripes) gets the stripe as a TransferStripe stream
 * on `fallback()`'s client instead; `onFallback` is told why.
 */
export class LeanStripeLine implements StripeLine {
  private connecting: Promise<{ socket: TLSSocket; rest: Buffer } | undefined> | undefined;
  private socket: TLSSocket | undefined;
  private rest: Buffer = Buffer.alloc(0);
  private grpc: GrpcStripeLine | undefined;

  constructor(
    private readonly endpoint: string,
    private readonly tls: TlsMaterial,
    private readonly fallback: () => Client,
    private readonly onFallback: (reason: string) => void,
  ) {}

  dial(): void {
    if (this.grpc !== undefined) return this.grpc.dial();
    this.connecting ??= connectLean(this.endpoint, this.tls, LEAN_STRIPE).then(
      (connected) => {
        this.socket = connected.socket;
        this.rest = connected.rest;
        return connected;
      },
      (error: unknown) => {
        if (error instanceof LeanRefused) {
          this.grpc = new GrpcStripeLine(this.fallback());
          this.onFallback(error.message);
          this.grpc.dial();
        }
        this.connecting = undefined; // the next dial tries again
        return undefined;
      },
    );
  }

  async ready(deadline: number): Promise<boolean> {
    if (this.socket !== undefined && !this.socket.destroyed) return true;
    this.dial();
    const connecting = this.connecting;
    if (connecting !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()))));
      const connected = await Promise.race([connecting, late]);
      clearTimeout(timer);
      if (connected !== undefined) return true;
    }
    return this.grpc !== undefined ? this.grpc.ready(deadline) : false;
  }

  open(session: StripeSession, stripe: number, onFailure: (error: Error) => void): StripeChannel {
    if (this.grpc !== undefined) return this.grpc.open(session, stripe, onFailure);
    const socket = this.socket;
    if (socket === undefined || socket.destroyed) throw new UnavailableError(`lean stripe ${stripe} to ${this.endpoint} is not connected; wait for ready() first`);
    let settled = false;
    let settle: (frames: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => (settle = resolve));
    const failed = (why: string, grpcCode = 14): void => {
      if (settled) return;
      settled = true;
      onFailure(Object.assign(new UnavailableError(`stripe ${stripe} of the session failed: ${why}`), { grpcCode, receiverStream: true }));
      settle(0);
      socket.destroy();
    };
    socket.on('error', (error) => failed(`the connection to ${this.endpoint} failed: ${error.message}`));
    socket.on('close', () => failed(`the receiver at ${this.endpoint} closed the connection`));
    readLean(socket, this.rest, {
      message: (bytes) => {
        const reply = pb.StripeReply.decode(bytes);
        if (reply.refused) return failed(reply.refused.details ?? 'refused', reply.refused.code ?? 14);
        if (!settled) {
          settled = true;
          settle(Number(reply.closed?.frames ?? 0));
        }
      },
      malformed: (error) => failed(error.message),
      silent: () => failed(`the receiver at ${this.endpoint} sent nothing for ${LEAN_SILENT_MS / 1000} s, not even a keepalive: it is stopped or cut off`),
    });
    writeLean(socket, pb.SenderMessage.encode({ stripe: { sessionId: session.id, stripe, ticket: stripeTicket(session.key, session.id, stripe) } }).finish());
    return {
      write: (message, written) => writeLean(socket, 'wire' in message ? message.wire : pb.SenderMessage.encode(message).finish(), written),
      onDrain: (listener) => void socket.once('drain', listener),
      end: () => {
        if (!socket.destroyed) socket.write(leanLength(0));
        return closed;
      },
      cancel: () => failed('cancelled by the sender'),
    };
  }

  close(): void {
    this.grpc?.close();
    this.socket?.destroy();
    this.socket = undefined;
  }
}
