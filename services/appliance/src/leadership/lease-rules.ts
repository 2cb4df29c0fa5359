// The leader lease's rules, with no I/O and no clock of their own: what a replica does with what it
// read from the lease key, and until when a leader may act. Clock-skew free: a candidate measures a
// lease's age on its own clock from when it first saw that revision, never from a time another
// replica wrote (docs/event-store.md, "One leader among appliances").

/** The value of the lease key. */
export interface LeaseRecord {
  /** The replica holding it (host/pid/random, new at every start). */
  readonly holder: string;
  /** The fencing token: one more at each change of holder, so two leaders never share a term. */
  readonly term: number;
  /** Set by a leader that stopped cleanly: the next replica takes it at once. */
  readonly released: boolean;
}

/** The lease key as read: its value and KV revision, or absent (never taken, or deleted). */
export type ObservedLease = { readonly record: LeaseRecord; readonly revision: number } | undefined;

/** When this replica first saw the revision it is looking at (its own clock). */
export interface LeaseSighting {
  readonly revision: number;
  readonly since: number;
}

/** What to write, compare-and-set: `create` only if the key is absent, `update` only if it is still at `revision`. */
export type LeaseAction =
  | { readonly kind: 'create'; readonly record: LeaseRecord }
  | { readonly kind: 'update'; readonly record: LeaseRecord; readonly revision: number; readonly why: 'renew' | 'expired' | 'released' }
  | { readonly kind: 'wait'; readonly holder: string; readonly term: number };

/** The sighting after a read: a new revision restarts the lease's age. */
export function sight(previous: LeaseSighting | undefined, observed: ObservedLease, now: number): LeaseSighting {
  const revision = observed?.revision ?? 0;
  return previous?.revision === revision ? previous : { revision, since: now };
}

/**
 * What replica `self` does with the lease it read: take an absent lease; renew its own; take one that is
 * released, or whose revision has not moved for `ttlMs` on this replica's clock (its holder stopped
 * renewing); otherwise wait.
 */
export function decideLease(self: string, observed: ObservedLease, sighting: LeaseSighting, now: number, ttlMs: number): LeaseAction {
  if (!observed) return { kind: 'create', record: { holder: self, term: 1, released: false } };
  const { record, revision } = observed;
  if (record.holder === self && !record.released) return { kind: 'update', record, revision, why: 'renew' };
  if (record.released) return { kind: 'update', record: { holder: self, term: record.term + 1, released: false }, revision, why: 'released' };
  if (now - sighting.since >= ttlMs) return { kind: 'update', record: { holder: self, term: record.term + 1, released: false }, revision, why: 'expired' };
  return { kind: 'wait', holder: record.holder, term: record.term };
}

/**
 * Until when a leader may act after a write of the lease that it sent at `sentAt` and the server took:
 * every other replica saw that revision no earlier than `sentAt`, so none takes over before
 * `sentAt + ttlMs`. `marginMs` is kept back for clocks that run at slightly different rates.
 */
export function leaseValidUntil(sentAt: number, ttlMs: number, marginMs: number): number {
  return sentAt + ttlMs - marginMs;
}
