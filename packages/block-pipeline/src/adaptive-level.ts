import { LEVEL_OFF, type CompressionSetting } from './compression-setting';

/** Levels the adaptive sender moves among, cheapest first: none, zstd's fast negative levels, then 1 up to 9. */
export const LEVEL_LADDER: readonly number[] = [LEVEL_OFF, -5, -1, 1, 3, 6, 9];

/** How one chunk went through the sender, as the sender's loop timed it. */
export interface ChunkTiming {
  /** ms the sender waited for this chunk to be compressed and sealed: the prepare workers were busy (CPU-bound). */
  prepareWaitMs: number;
  /** ms it waited for the way out to take it: window or credits full, socket backpressured (link-bound). */
  sendWaitMs: number;
  /** Plaintext bytes of the chunk. */
  bytes: number;
  /** Bytes the chunk took on the way out: its sealed frame (compressed payload, nonce, tag, headers). */
  payloadBytes: number;
  /** The level the chunk was sealed at: chunks already under way when the level changes keep the old one. */
  level: number;
  /** When the chunk was handed on, ms on a monotonic clock. */
  at: number;
  /**
   * The chunk travels raw whatever the level: the compressor's probe found it incompressible. Its time says
   * nothing about the level, and it is left out of every window (a stretch of random data sends fast at any
   * level, and would make the level tried over it look better than it is).
   */
  raw?: boolean;
}

/** What bounded the stream over one window of chunks. */
export type Bound = 'link' | 'cpu' | 'neither';

/** Chooses the compression level of each chunk; `observe` takes the chunk just handed on and returns the level for the next. */
export interface LevelChooser {
  readonly level: number;
  observe(timing: ChunkTiming): number;
}

/** Tuning of AdaptiveLevel; the defaults suit 1 MiB chunks. */
export interface AdaptiveLevelOptions {
  /** Chunks per judged window. Default 32. */
  windowChunks?: number;
  /**
   * Windows after a step that are not judged. They must outlast the slack downstream: a source that
   * speeds up first fills the frames prem-manager may have in flight (its window, up to the receiver's
   * 128 credits) before it feels backpressure again, and a trial inside that slack would flatter every
   * step down. Default 3 (96 chunks).
   */
  settleWindows?: number;
  /** Level of the first chunks, one of LEVEL_LADDER. Default 1. */
  startLevel?: number;
  /** Share of a window's time spent waiting on one side that makes the window bound by that side. Default 0.25. */
  boundShare?: number;
  /** The other side must wait less than this share, e.g. workers idle while the link is full. Default 0.05. */
  idleShare?: number;
  /** Link-bound windows in a row before a step up (costlier, smaller). Default 2. */
  raiseAfter?: number;
  /** CPU-bound windows in a row before a step down (cheaper, larger). Default 2. */
  lowerAfter?: number;
  /** Windows after a step (and its settling window) that judge it by the plaintext bytes per second they move. Default 3. */
  trialWindows?: number;
  /** A step up is taken back when its trial moves this share fewer bytes per second than before. Default 0.1. */
  worseBy?: number;
  /**
   * A step up is kept only when its chunks shrink by at least this share more than at the level it left (plaintext
   * per payload byte, against the windows before the step and, measured after the trial, at the level it left
   * again: see takeBack). Over a full link a step up buys exactly that share of time, and each level up costs 1.5
   * to 3 times the compression CPU of the one below: on a disk where level 3 saves 3% of the bytes of level 1,
   * climbing buys a few percent of time for most of a core. A step up whose first `windowChunks` chunks sealed at
   * the new level fall short of it is taken back at once, without waiting for its settling and trial. Default 0.05.
   */
  shrinkBy?: number;
  /**
   * A step down is kept only when its trial moves this share more bytes per second: it costs ratio (more
   * bytes for the link and the receiver), worth it only where the freed CPU really speeds the stream (on a
   * machine whose CPU other work takes, a busy worker is not proof that compressing less helps; on a shared
   * 2-core machine rates swing by a tenth from window to window, so a smaller margin keeps steps by chance). Default 0.15.
   */
  betterBy?: number;
  /**
   * A step down whose trial gains at least betterBy but less than this share is checked against the level it
   * left, measured after the trial (see takeBack): a gain that small can come from the data alone. A larger one
   * (level 9 to 6 on a link that sped up) is kept at once. Default 0.5.
   */
  checkBelow?: number;
  /**
   * Windows without a step up after a step down that undid a step up (a level found too costly is not
   * retried at once), and without a step down after a step down was taken back. Doubles each time, up to 8×; back to this
   * after 8× as many windows without such a step. Default 8.
   */
  holdWindows?: number;
}

interface Window {
  chunks: number;
  elapsedMs: number;
  prepareMs: number;
  sendMs: number;
  bytes: number;
  payloadBytes: number;
}

/** Windows summed: plaintext and payload bytes over the time they took. */
interface Span {
  windows: number;
  bytes: number;
  payloadBytes: number;
  elapsedMs: number;
}

const emptyWindow = (): Window => ({ chunks: 0, elapsedMs: 0, prepareMs: 0, sendMs: 0, bytes: 0, payloadBytes: 0 });
const emptySpan = (): Span => ({ windows: 0, bytes: 0, payloadBytes: 0, elapsedMs: 0 });
const addWindow = (span: Span, w: Window): void => {
  Object.assign(span, { windows: span.windows + 1, bytes: span.bytes + w.bytes, payloadBytes: span.payloadBytes + w.payloadBytes, elapsedMs: span.elapsedMs + w.elapsedMs });
};
const rateOf = (span: Span): number => span.bytes / span.elapsedMs;
/** Plaintext per payload byte; 1 for a span with no chunk in it yet. */
const ratioOf = (span: Pick<Span, 'bytes' | 'payloadBytes'>): number => (span.payloadBytes > 0 ? span.bytes / span.payloadBytes : 1);

/**
 * Moves the compression level along LEVEL_LADDER with what bounds the stream, as `zstd --adapt` does:
 * while the way out is full and the prepare workers idle, a higher level costs no time, so it steps up for a
 * better ratio; while the workers are what the sender waits for, it steps down. A step up is kept only when it
 * shrinks the chunks by `shrinkBy` (5%): it costs CPU, and buys no more time than it shrinks. Against flapping: a
 * step needs the same verdict over whole windows (two in a row by default), the windows right after a
 * step are not judged (their chunks were already under way at the old level, and the slack downstream
 * fills first), the next windows judge the step: a step up that loses more than a little rate or shrinks too
 * little, or a step down that gains too little rate for the ratio it gives away, is taken back. After a step up
 * is undone no step up is tried for a while (longer each time it happens again), so a level between "too slow to
 * compress" and "too slow to send" is settled on instead of swung around. A step that passed its trial is
 * checked against the level it left once more, after the trial, so that data which compresses better or faster
 * further on is not taken for the step's gain.
 * Incompressible chunks are not its business: the compressor's probe sends them raw at any level, and they
 * are left out of the windows (ChunkTiming.raw).
 * Pure: the caller gives the timings and the clock.
 */
export class AdaptiveLevel implements LevelChooser {
  private step: number;
  private window = emptyWindow();
  private lastAt: number | undefined;
  /** Windows still to pass unjudged after a step. */
  private settling = 0;
  private streak: { bound: Bound } & Span = { bound: 'neither', ...emptySpan() };
  /**
   * The step being judged: a step on trial (`from`: the level it left, with the rate and ratio of the windows
   * before it), or the check of a step whose trial passed, back at the level it left for as many windows: `lower`,
   * a step down kept only when its trial's rate beat these windows too, or `upper`, a step up kept only when its
   * trial's ratio did (see takeBack).
   */
  private trial: (Span & ({ from: number; rateBefore: number; ratioBefore: number } | { lower: number; rateBefore: number } | { upper: number; ratioTrial: number })) | undefined;
  /** The first chunks sealed at the level of a step up on trial, until there are a window's worth (see shrinkBy). */
  private firstUp: { chunks: number; bytes: number; payloadBytes: number } | undefined;
  private readonly held = { up: 0, down: 0 };
  private readonly holdLength: { up: number; down: number };
  private readonly lastHeld = { up: 0, down: 0 };
  private lastMove: 1 | -1 | 0 = 0;
  private lastBound: Bound = 'neither';
  private readonly options: Required<AdaptiveLevelOptions>;

  constructor(options: AdaptiveLevelOptions = {}) {
    this.options = { windowChunks: 32, settleWindows: 3, startLevel: 1, boundShare: 0.25, idleShare: 0.05, raiseAfter: 2, lowerAfter: 2, trialWindows: 3, worseBy: 0.1, shrinkBy: 0.05, betterBy: 0.15, checkBelow: 0.5, holdWindows: 8, ...options };
    this.step = LEVEL_LADDER.indexOf(this.options.startLevel);
    if (this.step < 0) throw new RangeError(`start level ${this.options.startLevel} is not on the ladder ${LEVEL_LADDER.join(', ')}`);
    this.holdLength = { up: this.options.holdWindows, down: this.options.holdWindows };
  }

  get level(): number {
    return LEVEL_LADDER[this.step]!;
  }

  /** What bounded the last judged window, for logs. */
  get bound(): Bound {
    return this.lastBound;
  }

  observe(timing: ChunkTiming): number {
    if (this.lastAt === undefined) {
      this.lastAt = timing.at; // the first chunk only starts the clock
      return this.level;
    }
    if (timing.raw === true) {
      this.lastAt = timing.at;
      return this.level;
    }
    if (this.firstUp !== undefined && timing.level === this.level) this.lookAtFirstUp(timing);
    const w = this.window;
    w.chunks++;
    w.elapsedMs += Math.max(0, timing.at - this.lastAt);
    w.prepareMs += timing.prepareWaitMs;
    w.sendMs += timing.sendWaitMs;
    w.bytes += timing.bytes;
    w.payloadBytes += timing.payloadBytes;
    this.lastAt = timing.at;
    if (w.chunks >= this.options.windowChunks) {
      this.window = emptyWindow();
      if (w.elapsedMs > 0) this.judge(w);
    }
    return this.level;
  }

  private boundOf(w: Window): Bound {
    const { boundShare, idleShare } = this.options;
    const prepare = w.prepareMs / w.elapsedMs;
    const send = w.sendMs / w.elapsedMs;
    if (prepare >= boundShare && prepare > send) return 'cpu';
    if (send >= boundShare && prepare < idleShare) return 'link';
    return 'neither';
  }

  private judge(w: Window): void {
    this.lastBound = this.boundOf(w);
    if (this.settling > 0) {
      this.settling--;
      return;
    }
    if (this.trial !== undefined) {
      addWindow(this.trial, w);
      if (this.trial.windows < this.options.trialWindows || this.takeBack()) return;
    }
    for (const way of ['up', 'down'] as const) {
      this.held[way] = Math.max(0, this.held[way] - 1);
      if (++this.lastHeld[way] >= this.options.holdWindows * 8) this.holdLength[way] = this.options.holdWindows;
    }
    if (this.streak.bound !== this.lastBound) this.streak = { bound: this.lastBound, ...emptySpan() };
    addWindow(this.streak, w);
    const { windows } = this.streak;
    if (this.lastBound === 'link' && windows >= this.options.raiseAfter && this.step < LEVEL_LADDER.length - 1 && this.held.up === 0) this.move(+1);
    else if (this.lastBound === 'cpu' && windows >= this.options.lowerAfter && this.step > 0 && this.held.down === 0) this.move(-1);
  }

  /**
   * Judges the step on trial by the windows after it settled; true when the level changed.
   * - A step up is taken back when it moved more than a little fewer bytes per second, or when its chunks did not
   *   shrink by `shrinkBy` against the windows before it.
   * - A step down is taken back when it did not move `betterBy` more bytes per second.
   *
   * A step that passed is checked once more against the level it left, measured after it: the data changes along
   * a disk (a stretch of logs compresses better and faster at every level than the binaries before it), and a trial
   * on later data than the windows before it would credit the step with the data's change. Only a step that beats
   * the old level on both sides is kept: a step up by its ratio, a step down by its rate. A step down that gained
   * `checkBelow` or more is kept at once (level 9 to 6 on a link that sped up).
   */
  private takeBack(): boolean {
    const trial = this.trial!;
    this.trial = undefined;
    const { worseBy, shrinkBy, betterBy, checkBelow } = this.options;
    const rate = rateOf(trial);
    const ratio = ratioOf(trial);
    if ('lower' in trial || 'upper' in trial) {
      // The check: `trial` now holds the windows back at the old level, after the step's own trial.
      const kept = 'lower' in trial ? trial.rateBefore >= rate * (1 + betterBy) : trial.ratioTrial >= ratio * (1 + shrinkBy);
      const step = 'lower' in trial ? trial.lower : trial.upper;
      if (kept) this.setStep(step, { judged: true });
      else this.hold('lower' in trial ? 'down' : 'up');
      return kept;
    }
    const { from, rateBefore, ratioBefore } = trial;
    const check = (): true => {
      this.trial = this.step > from ? { upper: this.step, ratioTrial: ratio, ...emptySpan() } : { lower: this.step, rateBefore: rate, ...emptySpan() };
      this.setStep(from, { judged: true });
      return true;
    };
    if (this.step > from) {
      if (rate >= rateBefore * (1 - worseBy) && ratio >= ratioBefore * (1 + shrinkBy)) return check();
    } else if (rate >= rateBefore * (1 + betterBy)) {
      return rate < rateBefore * (1 + checkBelow) ? check() : false;
    } else {
      // Taking back a step down is a step up: hold further steps down instead.
      this.hold('down');
    }
    this.setStep(from);
    return true;
  }

  private move(by: 1 | -1): void {
    this.trial = { from: this.step, rateBefore: rateOf(this.streak), ratioBefore: ratioOf(this.streak), ...emptySpan() };
    this.setStep(this.step + by);
    if (by === 1) this.firstUp = { chunks: 0, bytes: 0, payloadBytes: 0 };
  }

  /**
   * A step up shrinks the chunks as soon as they are sealed at its level, whatever the slack downstream: its first
   * window of them tells whether it can shrink them enough, long before its trial could. A step that falls short
   * ends here, after one window at the costlier level instead of six.
   */
  private lookAtFirstUp(timing: ChunkTiming): void {
    const first = this.firstUp!;
    first.bytes += timing.bytes;
    first.payloadBytes += timing.payloadBytes;
    if (++first.chunks < this.options.windowChunks) return;
    this.firstUp = undefined;
    const trial = this.trial;
    if (trial === undefined || !('from' in trial) || ratioOf(first) >= trial.ratioBefore * (1 + this.options.shrinkBy)) return;
    this.trial = undefined;
    this.setStep(trial.from);
  }

  /** `judged`: a move of the check of a step (see takeBack), which is no flap to damp. */
  private setStep(step: number, { judged = false } = {}): void {
    const by = step > this.step ? 1 : -1;
    // Down right after up (a level climbed to was too costly): the flap to damp. A descent is not held.
    if (!judged && by === -1 && this.lastMove === 1) this.hold('up');
    if (!judged) this.lastMove = by;
    this.step = step;
    this.firstUp = undefined;
    this.window = emptyWindow(); // a step taken amid a window (see lookAtFirstUp) starts the next one
    this.settling = this.options.settleWindows;
    this.streak = { bound: 'neither', ...emptySpan() };
  }

  private hold(way: 'up' | 'down'): void {
    this.held[way] = this.holdLength[way];
    this.holdLength[way] = Math.min(this.holdLength[way] * 2, this.options.holdWindows * 8);
    this.lastHeld[way] = 0;
  }
}

/** One level for every chunk: a pinned COMPRESSION_LEVEL. */
export class FixedLevel implements LevelChooser {
  constructor(readonly level: number) {}

  observe(): number {
    return this.level;
  }
}

/** The chooser for a session's setting: AdaptiveLevel for "adaptive", else the pinned level. */
export function levelChooser(setting: CompressionSetting, options?: AdaptiveLevelOptions): LevelChooser {
  return setting === 'adaptive' ? new AdaptiveLevel(options) : new FixedLevel(setting);
}
