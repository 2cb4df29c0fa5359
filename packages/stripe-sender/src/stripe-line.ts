import type { EncodedSenderMessage } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';

/** A message a stripe carries: StripeOpen, or a chunk frame (most often already encoded by a seal worker). */
export type StripeMessage = ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage;

/** The session a stripe joins: its id, and its key (the stripe's ticket is derived from it). */
export interface StripeSession {
  id: Buffer;
  key: Buffer;
}

/** One stripe of a session, open on its line. */
export interface StripeChannel {
  /** Writes `message`; false when its connection buffers beyond its mark (wait for onDrain). `written`: its bytes were taken. */
  write(message: StripeMessage, written?: () => void): boolean;
  /** Calls `listener` once the connection takes writes again. */
  onDrain(listener: () => void): void;
  /** Ends the stripe; resolves with the frames the receiver counted on it (0 if it failed: onFailure was told). */
  end(): Promise<number>;
  /** Cuts the stripe: the receiver fails the session. */
  cancel(): void;
}

/**
 * A connection to a receiver that carries one stripe of a session: a gRPC TransferStripe stream, or a
 * lean stripe (an HTTP/1.1 Upgrade on the Transfer port, then length-prefixed frames over the TLS).
 */
export interface StripeLine {
  /** Starts connecting without waiting. */
  dial(): void;
  /** Whether the connection is up by `deadline` (epoch ms); dials if it is idle. */
  ready(deadline: number): Promise<boolean>;
  /** Opens stripe `stripe` of `session`. `onFailure`: the stripe broke (its frames are lost to the session). */
  open(session: StripeSession, stripe: number, onFailure: (error: Error) => void): StripeChannel;
  /** Closes the connection (after the stripe ended, or instead of it). */
  close(): void;
}
