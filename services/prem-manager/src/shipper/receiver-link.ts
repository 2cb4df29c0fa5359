import { once } from 'node:events';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { toNumber, type EncodedSenderMessage } from '@ferry/block-pipeline';
import { IntegrityError, UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { ReceiverOutOfSpace, type ReceiverNoSpace } from './no-space';
import { shipperMetrics } from './shipper-metrics';
import { streamWindow, type FlowWindowSetting, type StreamWindow } from './flow-window';
import type { SessionStripes } from '@ferry/stripe-sender';

type Duplex = ClientDuplexStream<ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage, ferry.dataplane.v1.ReceiverMessage>;

/**
 * The sender's end of one Transfer stream: waits for SessionAccepted, tracks credits from acks, and
 * resolves on TransferCompleted. Any stream error rejects every waiter with the receiver's message;
 * one the receiver announced as "no space" (ReceiverMessage.no_space) is a ReceiverOutOfSpace.
 */
export class ReceiverLink {
  private credits = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];
  private acceptedMessage: ferry.dataplane.v1.SessionAccepted | undefined;
  private completedMessage: ferry.dataplane.v1.TransferCompleted | undefined;
  private noSpace: ReceiverNoSpace | undefined;
  /** Frames in flight beyond which a frame waits, even with credits left (sized from the measured bandwidth-delay product). */
  readonly window: StreamWindow;
  /** Frames sent and not yet acknowledged. */
  private inFlight = 0;
  /** Extra connections the chunk frames go over (none: the Transfer stream carries them). */
  private stripes: SessionStripes | undefined;
  acked = 0;

  /** `onAck`: called at each acknowledgement with the chunks it covers (made durable and verified at the receiver: the copy moves). */
  constructor(private readonly call: Duplex, private readonly onAck?: (indexes: readonly number[]) => void, flow: FlowWindowSetting = 'bdp') {
    this.window = streamWindow(flow);
    call.on('data', (message: ferry.dataplane.v1.ReceiverMessage) => {
      if (message.accepted) {
        this.acceptedMessage = message.accepted as ferry.dataplane.v1.SessionAccepted;
        this.credits += message.accepted.credits ?? 0;
      } else if (message.ack) {
        this.credits += message.ack.credits ?? 0;
        this.acked += message.ack.indexes?.length ?? 0;
        this.inFlight = Math.max(0, this.inFlight - (message.ack.indexes?.length ?? 0));
        this.window.acked(message.ack.indexes ?? [], performance.now());
        this.onAck?.(message.ack.indexes ?? []);
      } else if (message.completed) this.completedMessage = message.completed as ferry.dataplane.v1.TransferCompleted;
      else if (message.noSpace) {
        const n = message.noSpace;
        this.noSpace = { path: n.path ?? '', datastore: n.datastore ?? '', neededBytes: toNumber(n.neededBytes), freeBytes: toNumber(n.freeBytes), code: n.code ?? '' };
      }
      this.wake();
    });
    call.on('error', (error: Error & { code?: number; details?: string }) => {
      const details = error.details ?? error.message;
      this.failure = this.noSpace !== undefined
        ? Object.assign(new ReceiverOutOfSpace(this.noSpace, details, { cause: error }), { grpcCode: error.code })
        : Object.assign(new UnavailableError(`receiver stream failed: ${details}`, { cause: error }), { grpcCode: error.code, receiverStream: true }); // receiverStream: see isReceiverDown
      this.wake();
    });
    call.on('end', () => {
      if (this.completedMessage === undefined && this.failure === undefined) this.failure = new IntegrityError('receiver ended the stream without TransferCompleted');
      this.wake();
    });
  }

  /** Chunk frames go over these stripes from now on (the receiver allowed them in SessionAccepted). */
  useStripes(stripes: SessionStripes): void {
    this.stripes = stripes;
  }

  /** Fails the session: every waiter rejects with `error` (a stripe broke). */
  fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  /** Wakes the waiters to look again (a stripe drained). */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  accepted(): Promise<ferry.dataplane.v1.SessionAccepted> {
    return this.until(() => this.acceptedMessage);
  }

  completed(): Promise<ferry.dataplane.v1.TransferCompleted> {
    return this.until(() => this.completedMessage);
  }

  /**
   * Sends one message once a credit is free (credit-based flow control) and the stream's window has
   * room, honouring HTTP/2 backpressure too. `frame`: the chunk index and wire bytes of a chunk frame,
   * whose acknowledgement the window measures.
   */
  async send(message: ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage, needsCredit: boolean, beforeWrite?: () => void, frame?: { index: number; wireBytes: number }): Promise<void> {
    if (needsCredit) {
      await this.reserve();
      if (frame !== undefined) this.shipped(frame.index, frame.wireBytes);
    }
    if (this.failure !== undefined) throw this.failure;
    const stripes = needsCredit ? this.stripes : undefined;
    if (stripes !== undefined) {
      const stripe = await this.until(() => stripes.pick());
      beforeWrite?.();
      stripes.write(stripe, message);
      return;
    }
    beforeWrite?.();
    if (!this.call.write(message)) await Promise.race([once(this.call, 'drain'), this.until(() => undefined)]);
  }

  /**
   * Waits for a credit and a place in the window, and takes them, for one chunk frame (sent by send(), or
   * by the source itself when it ships the session's frames).
   */
  async reserve(): Promise<void> {
    const free = (): true | undefined => (this.credits > 0 && this.inFlight < this.window.frames ? true : undefined);
    if (this.credits === 0) shipperMetrics.creditStalls++;
    else if (free() === undefined) shipperMetrics.windowStalls++;
    await this.until(free);
    this.credits--;
    this.inFlight++;
  }

  /** A reserved frame of chunk `index` left (`wireBytes` on the wire): the window measures its acknowledgement. */
  shipped(index: number, wireBytes: number): void {
    this.window.sent(index, wireBytes, performance.now());
  }

  end(): void {
    this.call.end();
  }

  cancel(): void {
    this.call.cancel();
  }
}
