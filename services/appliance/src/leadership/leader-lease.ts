// One leader among appliance replicas: each replica reads the lease key every tick and acts on
// decideLease; the holder renews it, the others take it over once it has not moved for the TTL.
// The holder's term is the fencing token: holds(term) is false as soon as the lease is lost or
// could have expired, so the runner checks it before every effect and every append.
import { decideLease, leaseValidUntil, sight, type LeaseRecord, type LeaseSighting } from './lease-rules';
import type { LeaseStore } from './lease-store';

export interface LeaderLeaseOptions {
  /** This replica's holder name; new at every start. */
  readonly self: string;
  /** A lease not renewed for this long is taken over (LEADER_LEASE_TTL_MS). */
  readonly ttlMs: number;
  /** How often the lease is read and renewed. Default ttlMs / 8. */
  readonly tickMs?: number;
  readonly clock?: () => number;
  readonly log: (message: string) => void;
  /** Called when this replica becomes the leader, with its term (the fencing token). */
  readonly onLeading: (term: number) => void;
  /** Called when this replica stops being the leader (another took it, or it could not renew in time). */
  readonly onFollowing: (reason: string) => void;
}

export class LeaderLease {
  private sighting: LeaseSighting | undefined;
  /** The term held, with the record and revision last written; undefined while following. */
  private held: { term: number; record: LeaseRecord; revision: number } | undefined;
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private lastProblem = '';

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaderLeaseOptions,
  ) {}

  /** Reads the lease once (so a free lease is taken before start returns), then every tick. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  /** True while this replica holds the lease in `term` and it cannot have expired yet. */
  holds(term: number): boolean {
    return this.held?.term === term && this.now() < this.validUntil;
  }

  /** The term held now, or undefined. */
  term(): number | undefined {
    return this.held && this.now() < this.validUntil ? this.held.term : undefined;
  }

  /** Stops ticking; a leader releases the lease so another replica takes it at its next tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const held = this.held;
    if (!held) return;
    this.depose('this replica is stopping');
    await this.store.update({ ...held.record, released: true }, held.revision).catch((error: unknown) => this.options.log(`leader lease: releasing term ${held.term} failed (${describe(error)}); another replica takes it after ${this.options.ttlMs} ms`));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, this.options.tickMs ?? Math.max(50, Math.floor(this.options.ttlMs / 8)));
    this.timer.unref();
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** Never throws: a failed read or write counts as no renewal, and the lease lapses at its time. */
  async tick(): Promise<void> {
    const sentAt = this.now();
    try {
      const observed = await this.store.read();
      this.sighting = sight(this.sighting, observed, this.now());
      const action = decideLease(this.options.self, observed, this.sighting, this.now(), this.options.ttlMs);
      if (action.kind === 'wait') {
        if (this.held) this.depose(`replica ${action.holder} holds the lease in term ${action.term}`);
        return;
      }
      const revision = action.kind === 'create' ? await this.store.create(action.record) : await this.store.update(action.record, action.revision);
      if (revision === undefined) {
        // Another replica wrote first; the next tick reads who.
        if (this.held) this.depose('another replica wrote the lease first');
        return;
      }
      // The lease may have lapsed while this read and write were under way (NATS was away): the fence was
      // closed meanwhile, so the leader's work may have dropped a step. Leading again after that is a new
      // start, not a renewal: the work is stopped and started again, and resumes what the fence dropped.
      if (this.lapsed()) this.depose(`the lease lapsed for a while before this replica renewed it (not renewed within ${this.options.ttlMs} ms)`);
      const validUntil = leaseValidUntil(sentAt, this.options.ttlMs, Math.floor(this.options.ttlMs / 10));
      this.sighting = { revision, since: this.now() };
      // Written too late to act on (another replica may count from when it was sent): lead at a timely renewal.
      if (this.now() >= validUntil) return;
      this.validUntil = validUntil;
      const wasHeld = this.held?.term;
      this.held = { term: action.record.term, record: action.record, revision };
      this.lastProblem = '';
      if (wasHeld !== action.record.term) {
        const how = action.kind === 'create' ? 'a free lease' : action.why === 'renew' ? 'its own lease again' : `a lease ${action.why === 'released' ? 'released by' : 'no longer renewed by'} ${observedHolder(action)}`;
        this.options.log(`leader lease: this replica (${this.options.self}) leads in term ${action.record.term}, taking ${how}`);
        this.options.onLeading(action.record.term);
      }
    } catch (error) {
      const problem = describe(error);
      if (problem !== this.lastProblem) this.options.log(`leader lease: cannot read or renew the lease (${problem}); trying again every tick`);
      this.lastProblem = problem;
    } finally {
      if (this.lapsed()) this.depose(`the lease was not renewed within ${this.options.ttlMs} ms (NATS unreachable?)`);
    }
  }

  /** Held, but its time is up: the fence is closed. */
  private lapsed(): boolean {
    return this.held !== undefined && this.now() >= this.validUntil;
  }

  private depose(reason: string): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.validUntil = 0;
    this.options.log(`leader lease: this replica no longer leads (term ${held.term}): ${reason}`);
    this.options.onFollowing(reason);
  }
}

function observedHolder(action: { record: LeaseRecord }): string {
  return `the holder of term ${action.record.term - 1}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
