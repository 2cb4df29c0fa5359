import { IntegrityError, NotFoundError, PermissionDeniedError, ValidationError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';

/** Where a stripe's frames go: the session its Transfer stream opened. */
export interface StripeSink {
  /** Whether `ticket` is stripe `stripe`'s ticket under the session's key (StripeOpen.ticket). */
  admits(ticket: Uint8Array | null | undefined, stripe: number): boolean;
  /** A stripe joined: the session admits frames out of counter order from now on (within its window); throws when it has as many as it takes. */
  joined(): void;
  /** One chunk frame; the session admits it within its reorder window. */
  frame(message: ferry.dataplane.v1.SenderMessage): void;
  /** Fails the session (a stripe that breaks lost frames that only a new session resends). */
  fail(error: Error): void;
}

/** Stripes a receiver takes: at most `max` per session, joining sessions registered here by session id (hex). */
export interface StripeSetting {
  max: number;
  sinks: Map<string, StripeSink>;
}

/** One stripe as its transport (a TransferStripe call, or a lean stripe's connection) hands it in. */
export interface StripeIntake {
  /** The stripe's next message: StripeOpen first, then chunk frames. */
  message(message: ferry.dataplane.v1.SenderMessage): void;
  /** The sender ended the stripe: `finish` gets the frames it carried. */
  end(): void;
  /** The stripe was cut before its end: its session fails (only a new session resends what it lost). */
  cut(): void;
  /** The transport found the stripe malformed: refused as a bad message is (the session fails if it joined one). */
  fail(error: Error): void;
}

/**
 * The receiving end of one stripe, whatever carries it: StripeOpen names a session opened on this
 * receiver's Transfer stream (with the stripe's ticket), then chunk frames of that session follow.
 * `finish` is called once: with the frames counted when the sender ends the stripe, or with the reason it
 * was refused (a refusal of a frame also fails the session; a refused StripeOpen does not). A cut stripe
 * fails its session and does not call `finish`.
 */
export function stripeIntake(stripes: StripeSetting | undefined, finish: (error: Error | undefined, frames: number) => void): StripeIntake {
  let sink: StripeSink | undefined;
  let label = 'stripe';
  let frames = 0;
  let done = false;
  const close = (error?: Error): void => {
    if (done) return;
    done = true;
    finish(error, frames);
  };
  const refuse = (error: Error): void => {
    sink?.fail(error);
    close(error);
  };
  return {
    message(message) {
      if (done) return;
      if (sink === undefined) {
        if (!message.stripe) return refuse(new ValidationError('message', 'a stripe starts with StripeOpen naming its session; send it first'));
        const id = Buffer.from(message.stripe.sessionId ?? []).toString('hex');
        label = `stripe ${message.stripe.stripe ?? 0} of session ${id}`;
        const named = stripes?.sinks.get(id);
        if (named === undefined) return refuse(new NotFoundError(`${label}: no session open on this receiver takes stripes; open it on Transfer first and add stripes after SessionAccepted allows them`));
        // Refused without failing the session: a peer that only learnt the session id must not be able to end it.
        if (!named.admits(message.stripe.ticket, message.stripe.stripe ?? 0)) return refuse(new PermissionDeniedError(`${label}: its ticket is ${(message.stripe.ticket ?? []).length === 0 ? 'missing' : 'not this session\'s'}; only the session's sender, or the source it gave the session key, may add a stripe (StripeOpen.ticket = stripeTicket(session key, session id, stripe))`));
        sink = named;
        try {
          sink.joined();
        } catch (error) {
          sink = undefined; // the session goes on without this stripe
          return refuse(error as Error);
        }
        return;
      }
      if (!message.chunk) return refuse(new ValidationError('message', `${label} carries chunk frames only; open and final go on the Transfer stream`));
      frames++;
      sink.frame(message);
    },
    end() {
      close();
    },
    fail(error) {
      if (!done) refuse(error);
    },
    cut() {
      if (done) return;
      done = true;
      sink?.fail(new IntegrityError(`${label} was cut after ${frames} frames; the session ends and a new one resends what was not acknowledged`));
    },
  };
}
