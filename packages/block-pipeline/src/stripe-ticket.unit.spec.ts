import { randomBytes } from 'node:crypto';
import { isStripeTicket, stripeTicket } from './stripe-ticket';

describe('stripe tickets', () => {
  const key = randomBytes(32);
  const id = randomBytes(16);

  it('is the same for the same key, session and stripe, and admitted', () => {
    expect(stripeTicket(key, id, 1)).toEqual(stripeTicket(key, id, 1));
    expect(stripeTicket(key, id, 1)).toHaveLength(32);
    expect(isStripeTicket(stripeTicket(key, id, 2), key, id, 2)).toBe(true);
  });

  it('is refused for another stripe number, another session, another key, or when missing or cut short', () => {
    const ticket = stripeTicket(key, id, 1);
    expect(isStripeTicket(ticket, key, id, 2)).toBe(false);
    expect(isStripeTicket(ticket, key, randomBytes(16), 1)).toBe(false);
    expect(isStripeTicket(ticket, randomBytes(32), id, 1)).toBe(false);
    expect(isStripeTicket(undefined, key, id, 1)).toBe(false);
    expect(isStripeTicket(new Uint8Array(0), key, id, 1)).toBe(false);
    expect(isStripeTicket(ticket.subarray(0, 16), key, id, 1)).toBe(false);
  });
});
