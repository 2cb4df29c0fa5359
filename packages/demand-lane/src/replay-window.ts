/**
 * Counters already accepted in one session, so a frame is accepted at most once. Demand frames of a
 * session arrive out of order (several reads in flight), so this is a sliding window like IPsec's
 * anti-replay: anything at or below (highest − size) is too old and refused as well.
 */
export class ReplayWindow {
  private highest = -1;
  private readonly seen = new Set<number>();

  constructor(private readonly size = 4096) {}

  /** Why `counter` must be refused, or undefined when it is fresh. */
  check(counter: number): string | undefined {
    if (this.seen.has(counter)) return `replays counter ${counter}, already accepted in this session`;
    if (counter <= this.highest - this.size) return `counter ${counter} is older than the replay window (highest seen ${this.highest})`;
    return undefined;
  }

  /** Records an accepted counter. */
  accept(counter: number): void {
    this.seen.add(counter);
    if (counter > this.highest) {
      this.highest = counter;
      for (const old of this.seen) if (old <= this.highest - this.size) this.seen.delete(old);
    }
  }
}
