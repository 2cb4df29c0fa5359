// A transfer's wire-rate cap (StartTransferRequest.max_bytes_per_second): paces sends so that over any
// stretch longer than the burst allowance no more than the cap leaves prem-manager. The cap is read at
// every send, so a new StartTransfer changes it (or lifts it, with 0) in the middle of a session.

/** How far ahead of the cap a sender may run after an idle spell (a quarter second of traffic). */
const BURST_MS = 250;

export class BandwidthCap {
  /** The time (ms, on `now`'s clock) at which everything taken so far has drained at the cap. */
  private drainedAt = Number.NEGATIVE_INFINITY;

  /** @param bytesPerSecond the cap now; 0 or less = none. */
  constructor(
    private readonly bytesPerSecond: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Books `bytes` and returns how long (ms) to wait before sending them; 0 within the burst allowance or without a cap. */
  delayFor(bytes: number): number {
    const rate = this.bytesPerSecond();
    if (!(rate > 0)) {
      this.drainedAt = Number.NEGATIVE_INFINITY; // a cap set again later starts with a fresh allowance
      return 0;
    }
    const now = this.now();
    this.drainedAt = Math.max(this.drainedAt, now) + (bytes * 1000) / rate;
    return Math.max(0, this.drainedAt - now - BURST_MS);
  }
}
