import { decideLease, leaseValidUntil, sight, type LeaseSighting, type ObservedLease } from './lease-rules';

const TTL = 8000;
const held = (holder: string, term: number, revision: number, released = false): ObservedLease => ({ record: { holder, term, released }, revision });

/** Replays reads of the lease by replica `self` at the given times (its own clock), returning its last decision. */
function replicaReads(self: string, reads: readonly { at: number; lease: ObservedLease }[]) {
  let sighting: LeaseSighting | undefined;
  let action;
  for (const { at, lease } of reads) {
    sighting = sight(sighting, lease, at);
    action = decideLease(self, lease, sighting, at, TTL);
  }
  return action;
}

describe('the leader lease rules', () => {
  it('given no lease key, when a replica reads it, then it creates the lease in term 1', () => {
    expect(replicaReads('b', [{ at: 0, lease: undefined }])).toEqual({ kind: 'create', record: { holder: 'b', term: 1, released: false } });
  });

  it('given its own lease, when the holder reads it, then it renews it at the revision it read, keeping its term', () => {
    expect(replicaReads('a', [{ at: 0, lease: held('a', 4, 17) }])).toEqual({ kind: 'update', record: { holder: 'a', term: 4, released: false }, revision: 17, why: 'renew' });
  });

  it('given a lease another replica renews, when read for longer than the TTL, then the reader keeps waiting', () => {
    const reads = Array.from({ length: 20 }, (_, i) => ({ at: i * 1000, lease: held('a', 2, 10 + i) }));
    expect(replicaReads('b', reads)).toEqual({ kind: 'wait', holder: 'a', term: 2 });
  });

  it('given a lease whose revision stops moving, when just under the TTL has passed on the reader\'s clock, then it waits', () => {
    expect(replicaReads('b', [{ at: 5000, lease: held('a', 2, 30) }, { at: 5000 + TTL - 1, lease: held('a', 2, 30) }])).toMatchObject({ kind: 'wait' });
  });

  it('given a lease whose revision has not moved for the TTL on the reader\'s clock, then the reader takes it in the next term at that revision', () => {
    expect(replicaReads('b', [{ at: 5000, lease: held('a', 2, 30) }, { at: 5000 + TTL, lease: held('a', 2, 30) }])).toEqual({
      kind: 'update', record: { holder: 'b', term: 3, released: false }, revision: 30, why: 'expired',
    });
  });

  it('given a reader whose clock is hours ahead of the holder\'s, when the holder renews, then the reader still waits (only its own elapsed time counts)', () => {
    const skewed = 3_600_000 * 5;
    expect(replicaReads('b', [{ at: skewed, lease: held('a', 2, 30) }, { at: skewed + 1000, lease: held('a', 2, 31) }])).toMatchObject({ kind: 'wait' });
  });

  it('given a released lease, when read, then it is taken at once in the next term', () => {
    expect(replicaReads('b', [{ at: 0, lease: held('a', 6, 40, true) }])).toEqual({ kind: 'update', record: { holder: 'b', term: 7, released: false }, revision: 40, why: 'released' });
  });

  it('given a leader that renewed with a write sent at t, when asked how long it may act, then it is until t + TTL less the margin, before any reader can take over', () => {
    const sentAt = 1000;
    const until = leaseValidUntil(sentAt, TTL, 800);
    expect(until).toBe(8200);
    // The earliest a reader can see that revision is when the write was sent; it takes over TTL later on its clock.
    const earliestTakeover = sentAt + TTL;
    expect(until).toBeLessThan(earliestTakeover);
  });
});
