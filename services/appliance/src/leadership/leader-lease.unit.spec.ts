import { LeaderLease } from './leader-lease';
import type { LeaseRecord, ObservedLease } from './lease-rules';
import type { LeaseStore } from './lease-store';

/** The lease key in memory, compare-and-set like the KV bucket; `hold()` makes the next read wait until released. */
class MemoryLeaseStore implements LeaseStore {
  private value: ObservedLease;
  private revision = 0;
  private gate: Promise<void> | undefined;

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async read(): Promise<ObservedLease> {
    await this.gate;
    return this.value;
  }

  async create(record: LeaseRecord): Promise<number | undefined> {
    if (this.value) return undefined;
    this.value = { record, revision: ++this.revision };
    return this.revision;
  }

  async update(record: LeaseRecord, revision: number): Promise<number | undefined> {
    if (this.value?.revision !== revision) return undefined;
    this.value = { record, revision: ++this.revision };
    return this.revision;
  }
}

function leaseWith(store: MemoryLeaseStore, clock: { now: number }): { lease: LeaderLease; calls: string[] } {
  const calls: string[] = [];
  const lease = new LeaderLease(store, {
    self: 'replica-a',
    ttlMs: 8000,
    tickMs: 3_600_000, // ticks are driven by hand
    clock: () => clock.now,
    log: () => undefined,
    onLeading: (term) => calls.push(`leading ${term}`),
    onFollowing: () => calls.push('following'),
  });
  return { lease, calls };
}

/** A renewal sent at `sentAt` whose read waits (NATS away) until `takenAt`, when it goes through. */
async function renewalHeldUp(lease: LeaderLease, store: MemoryLeaseStore, clock: { now: number }, sentAt: number, takenAt: number): Promise<void> {
  const release = store.hold();
  clock.now = sentAt;
  const renewal = lease.tick();
  clock.now = takenAt;
  expect(lease.holds(1)).toBe(false);
  release();
  await renewal;
}

describe('LeaderLease', () => {
  it('renews its own lease in time without stopping the work', async () => {
    const store = new MemoryLeaseStore();
    const clock = { now: 0 };
    const { lease, calls } = leaseWith(store, clock);
    await lease.start();
    clock.now = 1000;
    await lease.tick();
    expect(calls).toEqual(['leading 1']);
    expect(lease.holds(1)).toBe(true);
    await lease.stop();
  });

  it('starts the work again when the lease lapsed while a renewal waited for NATS, so a step the closed fence dropped is resumed', async () => {
    const store = new MemoryLeaseStore();
    const clock = { now: 0 };
    const { lease, calls } = leaseWith(store, clock);
    await lease.start();
    // The renewal's read waits while the lease's time runs out and the fence closes; it goes through
    // still within the TTL counted from when it was sent.
    await renewalHeldUp(lease, store, clock, 1000, 7500);
    expect(calls).toEqual(['leading 1', 'following', 'leading 1']);
    expect(lease.holds(1)).toBe(true);
    await lease.stop();
  });

  it('stops the work when the lease cannot be renewed in time', async () => {
    const store = new MemoryLeaseStore();
    const clock = { now: 0 };
    const { lease, calls } = leaseWith(store, clock);
    await lease.start();
    await renewalHeldUp(lease, store, clock, 1000, 9000);
    // Sent at 1000, taken at 9000: valid until 1000 + 8000 - 800, already past. Deposed, and it leads again only at a timely renewal.
    expect(calls).toEqual(['leading 1', 'following']);
    expect(lease.holds(1)).toBe(false);
    clock.now = 9500;
    await lease.tick();
    expect(calls).toEqual(['leading 1', 'following', 'leading 1']);
    expect(lease.holds(1)).toBe(true);
    await lease.stop();
  });
});
