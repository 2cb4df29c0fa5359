/**
 * Bytes one data-plane stream may have in flight at most. The chunk receiver's HTTP/2 windows are this
 * large, so the stream's own window (credits, BdpWindow) is what limits it, never HTTP/2 flow control.
 */
export const STREAM_IN_FLIGHT_MAX_BYTES = 64 * 1024 * 1024;

/** How a stream's in-flight window is sized. */
export interface BdpWindowOptions {
  /** Frames in flight before the first measurement, and never fewer (at least one receiver commit batch). */
  minFrames: number;
  /** Bytes in flight never exceeded, whatever the link measures (the sender's and receiver's memory). */
  maxBytes: number;
  /** Window = gain × measured bandwidth-delay product: room for acknowledgements batched by the receiver. Default 2. */
  gain?: number;
  /** How long the highest delivery rate seen stays the estimate, ms (at least 10 round trips). Default 1 000. */
  rateWindowMs?: number;
}

/** What the sender remembers of a frame in flight (a delivery-rate sample starts at its send). */
interface InFlight {
  sentAt: number;
  bytes: number;
  /** Bytes acknowledged, and when the last of them was, at the time this frame was sent. */
  deliveredBefore: number;
  deliveredAtBefore: number;
}

/** The maximum over a sliding time window: a monotonic queue of [time, value]. */
class WindowedMax {
  private readonly samples: Array<[number, number]> = [];

  add(now: number, value: number, windowMs: number): void {
    while (this.samples.length > 0 && this.samples[this.samples.length - 1]![1] <= value) this.samples.pop();
    this.samples.push([now, value]);
    while (this.samples.length > 1 && this.samples[0]![0] < now - windowMs) this.samples.shift();
  }

  get value(): number | undefined {
    return this.samples[0]?.[1];
  }
}

/**
 * The in-flight window of one data-plane stream, sized from the bandwidth-delay product it measures
 * itself, as BBR does: the round trip of each frame from its send to its acknowledgement (the
 * receiver acknowledges once a frame is written and verified, so this is the round trip the credits
 * must cover), and the delivery rate between acknowledgements. The window is gain × the highest
 * recent delivery rate × the smallest round trip, in frames of the average size sent, between
 * minFrames and maxBytes. While the window is what limits the stream, each round trip's delivery
 * rate is window / round trip, so the window doubles every round trip until the link or the
 * receiver is what limits it: a 40 or 80 ms link fills in a few round trips, a fast local one keeps
 * a short queue. Pure: the caller gives the clock.
 */
export class BdpWindow {
  private readonly inFlight = new Map<number, InFlight>();
  /**
   * The smallest round trip of the stream's life (one session: a new session measures afresh). Not
   * windowed: at gain 2 the window keeps a standing queue of about one BDP, so later samples carry
   * that queue; a windowed minimum would then grow the window on its own queue without end.
   */
  private minRtt: number | undefined;
  private readonly maxRate = new WindowedMax();
  private delivered = 0;
  private deliveredAt = 0;
  private averageFrameBytes = 0;
  private readonly gain: number;
  private readonly rateWindowMs: number;

  constructor(private readonly options: BdpWindowOptions) {
    this.gain = options.gain ?? 2;
    this.rateWindowMs = options.rateWindowMs ?? 1_000;
  }

  /** A frame of `bytes` on the wire for chunk `index` left at `now` (ms). */
  sent(index: number, bytes: number, now: number): void {
    if (this.inFlight.size === 0 && this.delivered > 0) this.deliveredAt = now; // an idle pause is not a slow link
    this.inFlight.set(index, { sentAt: now, bytes, deliveredBefore: this.delivered, deliveredAtBefore: this.deliveredAt || now });
    this.averageFrameBytes = this.averageFrameBytes === 0 ? bytes : this.averageFrameBytes * 0.9 + bytes * 0.1;
  }

  /** The receiver acknowledged these chunks at `now` (ms). Unknown indexes (sent by an earlier session) are ignored. */
  acked(indexes: Iterable<number>, now: number): void {
    let newest: InFlight | undefined;
    for (const index of indexes) {
      const frame = this.inFlight.get(index);
      if (frame === undefined) continue;
      this.inFlight.delete(index);
      this.delivered += frame.bytes;
      this.minRtt = Math.min(this.minRtt ?? Infinity, Math.max(now - frame.sentAt, 0.01));
      if (newest === undefined || frame.sentAt > newest.sentAt) newest = frame;
    }
    if (newest === undefined) return;
    this.deliveredAt = now;
    // Delivery rate from the newest frame's send to now, over the bytes acknowledged meanwhile.
    const interval = now - Math.min(newest.sentAt, newest.deliveredAtBefore);
    if (interval > 0) this.maxRate.add(now, ((this.delivered - newest.deliveredBefore) / interval) * 1000, Math.max(this.rateWindowMs, 10 * (this.minRtt ?? 0)));
  }

  /** Frames in flight now (sent, not acknowledged). */
  get outstanding(): number {
    return this.inFlight.size;
  }

  /** Frames the stream may have in flight. */
  get frames(): number {
    const { minFrames, maxBytes } = this.options;
    const frameBytes = Math.max(this.averageFrameBytes, 1);
    const ceiling = Math.max(minFrames, Math.floor(maxBytes / frameBytes));
    const bytes = this.windowBytes;
    if (bytes === undefined) return Math.min(minFrames, ceiling);
    return Math.min(ceiling, Math.max(minFrames, Math.ceil(bytes / frameBytes)));
  }

  /** gain × rate × round trip, once both are measured. */
  get windowBytes(): number | undefined {
    const rtt = this.minRtt;
    const rate = this.maxRate.value;
    return rtt === undefined || rate === undefined ? undefined : (this.gain * rate * rtt) / 1000;
  }

  /** The estimate, for logs and metrics: smallest round trip (ms), highest delivery rate (bytes/s). */
  get estimate(): { rttMs: number | undefined; bytesPerSecond: number | undefined; frames: number } {
    return { rttMs: this.minRtt, bytesPerSecond: this.maxRate.value, frames: this.frames };
  }
}
