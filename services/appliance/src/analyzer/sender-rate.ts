/**
 * The per-sender rate of the intake: a token bucket per sender address, filled at
 * ANALYZER_SUMMARIES_PER_SECOND up to a burst that fits one full batch (ANALYZER_MAX_VOLUMES_PER_SENDER).
 * A push costs one token per volume, at least one. A sender whose bucket is full again holds no state,
 * so the map only holds senders seen in the last few seconds, and never more than ANALYZER_MAX_SENDERS.
 */
import { refusal, type AnalyzerLimits, type Refusal } from './intake-limits';

interface Bucket {
  tokens: number;
  /** Unix ms of the last refill. */
  at: number;
}

type RateLimits = Pick<AnalyzerLimits, 'summariesPerSecond' | 'maxVolumesPerSender' | 'maxSenders'>;

export class SenderRate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.burst = Math.max(limits.summariesPerSecond, limits.maxVolumesPerSender);
  }

  /** Senders with a bucket that is not full. */
  get tracked(): number {
    return this.buckets.size;
  }

  /**
   * Takes `summaries` tokens from the sender's bucket (at least one), or refuses without taking any
   * when there are not enough. `charge: false` only asks whether there are. The caller refuses a batch
   * of more than maxVolumesPerSender volumes first, so a cost never exceeds the burst.
   */
  take(sender: string, summaries: number, charge = true): Refusal | undefined {
    const now = this.clock();
    const cost = Math.max(1, summaries);
    let bucket = this.buckets.get(sender);
    if (bucket) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limits.summariesPerSecond);
      bucket.at = now;
    } else {
      if (this.buckets.size >= this.limits.maxSenders) this.forgetFull(now);
      if (this.buckets.size >= this.limits.maxSenders) {
        return refusal(this.limits, 429, 'maxSenders', `${this.buckets.size} other sender addresses pushed within the last seconds; push again later`, this.refillMs(this.burst));
      }
      bucket = { tokens: this.burst, at: now };
    }
    if (bucket.tokens < cost) {
      this.buckets.set(sender, bucket);
      return refusal(
        this.limits, 429, 'summariesPerSecond',
        `${sender} pushed more than ${this.limits.summariesPerSecond} volume summaries per second; a batch of ${summaries} fits again in ${Math.ceil(this.refillMs(cost - bucket.tokens))} ms`,
        this.refillMs(cost - bucket.tokens),
      );
    }
    if (charge) bucket.tokens -= cost;
    if (bucket.tokens >= this.burst) this.buckets.delete(sender);
    else this.buckets.set(sender, bucket);
    return undefined;
  }

  private refillMs(tokens: number): number {
    return (tokens / this.limits.summariesPerSecond) * 1000;
  }

  /** Drops the buckets that are full by now: such a sender is as if it had never pushed. */
  private forgetFull(now: number): void {
    for (const [sender, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limits.summariesPerSecond >= this.burst) this.buckets.delete(sender);
    }
  }
}
