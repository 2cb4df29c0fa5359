import { canListen, reservePort } from '../src/ports';

describe('reservePort', () => {
  it('holds its port against every other listener until released, then frees it', async () => {
    const reservation = await reservePort();
    expect(reservation.port).toBeGreaterThan(0);
    expect(await canListen(reservation.port)).toBe(false);
    await reservation.release();
    expect(await canListen(reservation.port)).toBe(true);
    // A second release (the site's stop after the appliance started) is harmless.
    await expect(reservation.release()).resolves.toBeUndefined();
  });

  it('gives different ports to reservations held at once', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => reservePort()));
    expect(new Set(held.map((r) => r.port)).size).toBe(held.length);
    await Promise.all(held.map((r) => r.release()));
  });
});
