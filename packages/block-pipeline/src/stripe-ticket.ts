import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const TICKET_KEY_INFO = 'ferry/v1/stripe-ticket';

/**
 * The ticket a stripe presents when it joins a session (StripeOpen.ticket): HMAC-SHA256, under a key derived
 * from the session key, over the session id and the stripe's number. Only a holder of the session key (the
 * session's sender, or the source it gave the key to ship the frames) can make it, so a peer that merely
 * learnt a session id cannot add a stripe to the session, and so cannot fail it.
 */
export function stripeTicket(sessionKey: Buffer, sessionId: Buffer, stripe: number): Buffer {
  const key = Buffer.from(hkdfSync('sha256', sessionKey, Buffer.alloc(0), TICKET_KEY_INFO, 32));
  const number = Buffer.alloc(4);
  number.writeUInt32BE(stripe >>> 0);
  return createHmac('sha256', key).update(sessionId).update(number).digest();
}

/** Whether `ticket` is the one stripe `stripe` of the session needs (compared in constant time). */
export function isStripeTicket(ticket: Uint8Array | null | undefined, sessionKey: Buffer, sessionId: Buffer, stripe: number): boolean {
  const expected = stripeTicket(sessionKey, sessionId, stripe);
  return ticket !== null && ticket !== undefined && ticket.length === expected.length && timingSafeEqual(ticket, expected);
}
