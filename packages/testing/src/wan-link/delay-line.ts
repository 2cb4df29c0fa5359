import type { Socket } from 'node:net';
import { SegmentLoss } from './segment-loss';

/** What one direction of the emulated link does to the bytes it carries. */
export interface DelayLineOptions {
  /** One-way delay added to every byte, ms. */
  oneWayMs: number;
  /** Bytes held before the line stops reading from its source (backpressure to the sender). */
  queueLimitBytes: number;
  /** Per-segment loss rate; each loss holds the byte stream up by `stallMs`. */
  lossRate: number;
  stallMs: number;
  /** Seed of the loss pattern (the relay gives each connection to a port its own, the same in every run). */
  seed: number;
}

interface Held {
  data: Buffer;
  /** When it may leave (ms, performance.now() clock). */
  due: number;
}

/**
 * One direction of a relayed TCP connection: holds every chunk read from `from` for the one-way
 * delay before writing it to `to`, in order. A lost segment delays its chunk, and so everything
 * behind it, by a retransmission timeout (head-of-line blocking, as TCP delivers in order). The
 * queue is bounded: past the limit the line pauses `from`, so the sender feels the bottleneck.
 */
export class DelayLine {
  private readonly queue: Held[] = [];
  private queued = 0;
  private lastDue = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private writing = false;
  private ended = false;
  private readonly loss: SegmentLoss;
  bytes = 0;

  constructor(private readonly from: Socket, private readonly to: Socket, private readonly options: DelayLineOptions) {
    this.loss = new SegmentLoss(options.lossRate, options.seed);
    from.on('data', (data: Buffer) => this.take(data));
    from.on('end', () => {
      this.ended = true;
      this.pump();
    });
  }

  get losses(): number {
    return this.loss.losses;
  }

  /** Where in the stream its first losses fell (see SegmentLoss.lossOffsets). */
  get lossOffsets(): readonly number[] {
    return this.loss.lossOffsets;
  }

  /** The seed its losses are drawn from: the relay reports the one it really used. */
  get seed(): number {
    return this.options.seed;
  }

  private take(data: Buffer): void {
    const lost = this.loss.lostIn(data.length);
    const due = Math.max(this.lastDue, performance.now() + this.options.oneWayMs + lost * this.options.stallMs);
    this.lastDue = due;
    this.queue.push({ data, due });
    this.queued += data.length;
    if (this.queued >= this.options.queueLimitBytes) this.from.pause();
    this.pump();
  }

  /** Writes every chunk that is due; re-arms itself for the next one. */
  private pump(): void {
    if (this.writing || this.timer !== undefined) return;
    for (;;) {
      const head = this.queue[0];
      if (head === undefined) {
        if (this.ended) this.to.end();
        return;
      }
      const wait = head.due - performance.now();
      if (wait > 1) {
        this.timer = setTimeout(() => this.wake(), Math.floor(wait));
        return;
      }
      if (wait > 0) {
        // Timers have 1 ms steps: below that (the lan profile) poll on the event loop.
        this.timer = setImmediate(() => this.wake());
        return;
      }
      this.queue.shift();
      this.queued -= head.data.length;
      this.bytes += head.data.length;
      if (this.queued < this.options.queueLimitBytes / 2 && this.from.isPaused()) this.from.resume();
      if (!this.to.write(head.data)) {
        this.writing = true;
        this.to.once('drain', () => {
          this.writing = false;
          this.pump();
        });
        return;
      }
    }
  }

  private wake(): void {
    this.timer = undefined;
    this.pump();
  }

  /** Drops what is held (the connection is gone). */
  close(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.timer = undefined;
    this.queue.length = 0;
  }
}
