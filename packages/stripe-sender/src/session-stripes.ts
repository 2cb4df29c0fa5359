import type { StripeChannel, StripeLine, StripeMessage, StripeSession } from './stripe-line';

export interface Stripe {
  channel: StripeChannel;
  /** Its last write is buffered beyond the connection's mark: the connection is slow or stalled now. */
  blocked: boolean;
  closed?: Promise<number>;
}

/**
 * The extra connections (stripes) one session spreads its chunk frames over. Each frame goes to the
 * next stripe whose connection takes writes now, so a stripe stalled by a lost segment (a
 * retransmission timeout on a lossy WAN) leaves the link to the others; the receiver puts the frames
 * back in counter order. Credits and acknowledgements stay on the session's Transfer stream.
 */
export class SessionStripes {
  /**
   * The lines whose connection is up within `timeoutMs` (each dials if it is idle). A stripe is only
   * used connected: one that failed on a connection still down (a receiver just restarted) would fail the
   * session after frames went out on the others.
   */
  static async connected(lines: readonly StripeLine[], timeoutMs: number): Promise<StripeLine[]> {
    const deadline = Date.now() + timeoutMs;
    const up = await Promise.all(lines.map(async (line) => ((await line.ready(deadline)) ? line : undefined)));
    return up.filter((line): line is StripeLine => line !== undefined);
  }

  /** Starts each line's connection without waiting for it (connected() later waits for the ones it needs). */
  static dial(lines: readonly StripeLine[]): void {
    for (const line of lines) line.dial();
  }

  private readonly stripes: Stripe[];
  private next = 0;

  /**
   * Opens one stripe per line (each its own connection) for `session`, each with its ticket under the
   * session key. `onFailure`: a stripe broke; `onDrain`: a blocked stripe takes writes again.
   */
  constructor(lines: readonly StripeLine[], session: StripeSession, onFailure: (error: Error) => void, private readonly onDrain: () => void) {
    this.stripes = lines.map((line, index) => ({ channel: line.open(session, index + 1, onFailure), blocked: false }));
  }

  /** The next stripe whose connection takes writes now (round robin); none while all are blocked. */
  pick(): Stripe | undefined {
    for (let tried = 0; tried < this.stripes.length; tried++) {
      const stripe = this.stripes[this.next];
      this.next = (this.next + 1) % this.stripes.length;
      if (stripe !== undefined && !stripe.blocked) return stripe;
    }
    return undefined;
  }

  /**
   * Writes one chunk frame on `stripe` (from pick); a write beyond the connection's mark blocks the stripe
   * until it drains. `written`: once the transport has taken the frame's bytes (its buffer may then be reused).
   */
  write(stripe: Stripe, message: StripeMessage, written?: () => void): void {
    if (stripe.channel.write(message, written)) return;
    stripe.blocked = true;
    stripe.channel.onDrain(() => {
      stripe.blocked = false;
      this.onDrain();
    });
  }

  /** Ends every stripe; resolves with the frames the receiver counted on each once it has them all. */
  async end(): Promise<number[]> {
    return Promise.all(this.stripes.map((stripe) => stripe.channel.end()));
  }

  cancel(): void {
    for (const stripe of this.stripes) stripe.channel.cancel();
  }
}
