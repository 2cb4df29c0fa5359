import { noResponders } from './no-responders';

const natsError = (code: string): Error => Object.assign(new Error(code), { code });

it('is true for NATS "no responders" (503), itself or as the cause of a wrapping error', () => {
  expect(noResponders(natsError('503'))).toBe(true);
  expect(noResponders(new Error('no reply on ferry.cmd.x', { cause: new Error('wrapped', { cause: natsError('503') }) }))).toBe(true);
});

it('is false for a time-out, a permissions violation, a gRPC-style numeric code and non-errors', () => {
  expect(noResponders(natsError('TIMEOUT'))).toBe(false);
  expect(noResponders(natsError('PERMISSIONS_VIOLATION'))).toBe(false);
  expect(noResponders(Object.assign(new Error('unavailable'), { code: 503 }))).toBe(false);
  expect(noResponders(undefined)).toBe(false);
  expect(noResponders('503')).toBe(false);
});

it('stops after eight causes, so a cycle of causes cannot loop', () => {
  const a: Error & { cause?: unknown } = new Error('a');
  const b = new Error('b', { cause: a });
  a.cause = b;
  expect(noResponders(a)).toBe(false);
});
