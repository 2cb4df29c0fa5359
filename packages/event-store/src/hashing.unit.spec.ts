import fc from 'fast-check';
import { canonicalEncoding, hashEvent, type HashedFields } from './hashing';

const base: HashedFields = {
  type: 'DiskCopyCompleted',
  actor: 'service:appliance',
  commandId: 'cmd-1',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  occurredAtUnixMillis: 1_790_000_000_000,
  aggregate: 'migration',
  id: 'm-1',
  prevHash: Buffer.alloc(32, 7),
  payload: Buffer.from([1, 2, 3]),
};

describe('event hashing', () => {
  it('is a 32-byte SHA-256 that is the same for the same event', () => {
    expect(hashEvent(base)).toHaveLength(32);
    expect(hashEvent({ ...base })).toEqual(hashEvent(base));
  });

  it('changes when any single field changes', () => {
    const variants: Partial<HashedFields>[] = [
      { type: 'DiskCopyStarted' },
      { actor: 'operator:mallory' },
      { commandId: 'cmd-2' },
      { traceId: '0'.repeat(32) },
      { occurredAtUnixMillis: base.occurredAtUnixMillis + 1 },
      { aggregate: 'migrations' },
      { id: 'm-2' },
      { prevHash: Buffer.alloc(32, 8) },
      { payload: Buffer.from([1, 2, 4]) },
    ];
    for (const variant of variants) expect(hashEvent({ ...base, ...variant })).not.toEqual(hashEvent(base));
  });

  it('never lets bytes slide from one field into the next (length-prefixed encoding)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        // ("a"+"b", "c") and ("a", "b"+"c") are the same pair of fields only when b is empty.
        const one = canonicalEncoding({ ...base, actor: a + b, commandId: c });
        const two = canonicalEncoding({ ...base, actor: a, commandId: b + c });
        return one.equals(two) === (b === '');
      }),
    );
  });
});
