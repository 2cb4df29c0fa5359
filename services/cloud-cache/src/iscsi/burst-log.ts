/**
 * Log lines of one kind of connection event (refused over a cap, timed out) during a flood: the first
 * few of a burst are written in full, the rest are counted and summed up in one line once the burst
 * has been quiet for a while. A flood of 1,000 connections makes a few lines, not 1,000.
 */

/** Addresses remembered per burst; further ones are counted as "others" so memory stays bounded. */
const MAX_ADDRESSES = 1000;

interface Burst {
  first: number;
  last: number;
  count: number;
  addresses: Map<string, number>;
  others: number;
}

/** Pure: the caller passes the clock. */
export class BurstLog {
  private burst: Burst | undefined;

  constructor(private readonly o: { label: string; detailed: number; quietMs: number }) {}

  /** Notes one event; returns `line` when it is one of the first `detailed` of its burst (else it is only counted). */
  note(now: number, address: string, line: string): string | undefined {
    const burst = (this.burst ??= { first: now, last: now, count: 0, addresses: new Map(), others: 0 });
    burst.last = now;
    burst.count++;
    const seen = burst.addresses.get(address);
    if (seen !== undefined) burst.addresses.set(address, seen + 1);
    else if (burst.addresses.size < MAX_ADDRESSES) burst.addresses.set(address, 1);
    else burst.others++;
    return burst.count <= this.o.detailed ? line : undefined;
  }

  /** When the next {@link settle} may end the burst; undefined without a burst. */
  settleAt(): number | undefined {
    return this.burst && this.burst.last + this.o.quietMs;
  }

  /**
   * Ends the burst if it has been quiet for `quietMs` (or at once with `force`); returns its summary
   * when some of its events were not logged one by one.
   */
  settle(now: number, force = false): string | undefined {
    const burst = this.burst;
    if (!burst || (!force && now < burst.last + this.o.quietMs)) return undefined;
    this.burst = undefined;
    if (burst.count <= this.o.detailed) return undefined;
    const top = [...burst.addresses.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([address, n]) => `${address} ×${n}`);
    const addresses = burst.addresses.size + (burst.others ? ` (+ more, ${burst.others} connections)` : '');
    const seconds = ((burst.last - burst.first) / 1000).toFixed(1);
    return `iscsi: ${this.o.label}: ${burst.count} connections in ${seconds} s from ${addresses} address(es), most from ${top.join(', ')}; ${burst.count - this.o.detailed} of them not logged one by one`;
  }
}

/** A {@link BurstLog} on the real clock: writes lines through `write` and settles itself on a timer. */
export class BurstLogger {
  private readonly log: BurstLog;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    options: { label: string; detailed: number; quietMs: number },
    private readonly write: (line: string) => void,
  ) {
    this.log = new BurstLog(options);
  }

  note(address: string, line: string): void {
    const now = Date.now();
    const detailed = this.log.note(now, address, line);
    if (detailed) this.write(detailed);
    this.arm(now);
  }

  /** Writes the summary of a burst in progress (on shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const summary = this.log.settle(Date.now(), true);
    if (summary) this.write(summary);
  }

  private arm(now: number): void {
    const at = this.log.settleAt();
    if (this.timer || at === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const summary = this.log.settle(Date.now());
      if (summary) this.write(summary);
      this.arm(Date.now());
    }, Math.max(0, at - now));
    this.timer.unref();
  }
}
