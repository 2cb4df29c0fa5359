import { LEVEL_OFF, type CompressionSetting } from './compression-setting';
import { LevelComparisons } from './level-comparisons';

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
  /**
   * The same chunk compressed at another level only to be measured (LevelChooser.sampleNext): that level, the bytes
   * it would have taken, and the ms compressing it took there and at the level it was sealed at.
   */
  sample?: { level: number; payloadBytes: number; compressMs: number; sealedCompressMs: number };
}

/** What bounded the stream over one window of chunks. */
export type Bound = 'link' | 'cpu' | 'neither';

/** Chooses the compression level of each chunk; `observe` takes the chunk just handed on and returns the level for the next. */
export interface LevelChooser {
  readonly level: number;
  /** Asked as each chunk goes to the workers: a second level to compress it at, only to measure it (ChunkTiming.sample); undefined for none. */
  sampleNext(): number | undefined;
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
   * A step up is taken only when the next level shrinks the same chunks by at least this share (see the samples:
   * samplesPerWindow), and saves more link time than it adds compression time (linkMsPerCpuMs). Over a full link a
   * step up buys exactly the share it shrinks of the time, and each level up costs 1.5 to 3 times the compression
   * CPU of the one below. A level kept must go on doing half as well against the next cheaper one, on the same
   * chunks, or it steps down to it whatever bounds the stream (level 3 on logs, where it is larger than level 1; or
   * a link that got faster): half, so that a level just worth a step up is not left at once. Default 0.05.
   */
  shrinkBy?: number;
  /**
   * The link time a step up must save for each ms of compression it adds, both per chunk on the same chunks: the
   * bytes it saves at the rate the link took them in the last link-bound window, against the samples' compression
   * times. 1: a CPU-ms for a link-ms. On a 200 Mbit/s link a 1 MiB chunk takes ~15 ms at level 1; level 3 saves
   * 5-12% of it, 0.7-1.8 ms, for 2-3 ms more compression. Default 1.
   */
  linkMsPerCpuMs?: number;
  /**
   * Chunks per window also compressed at a neighbouring level only to measure it, in turn the next costlier level
   * (worth a step up?) and the next cheaper one (is this level still worth its CPU?); none while the workers bound the
   * stream, and none above while steps up are held. Default 2: each way one chunk in 32 compressed a second time.
   */
  samplesPerWindow?: number;
  /** Samples of a pair of levels needed before they decide, of those no older than sampleWindows. Default 3. */
  samplesNeeded?: number;
  /** Windows a sample counts for: the data changes along a disk. Default 4. */
  sampleWindows?: number;
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

/** Windows summed: plaintext bytes over the time they took. */
interface Span {
  windows: number;
  bytes: number;
  elapsedMs: number;
}

const emptyWindow = (): Window => ({ chunks: 0, elapsedMs: 0, prepareMs: 0, sendMs: 0, bytes: 0, payloadBytes: 0 });
const emptySpan = (): Span => ({ windows: 0, bytes: 0, elapsedMs: 0 });
const addWindow = (span: Span, w: Window): void => {
  Object.assign(span, { windows: span.windows + 1, bytes: span.bytes + w.bytes, elapsedMs: span.elapsedMs + w.elapsedMs });
};
const rateOf = (span: Span): number => span.bytes / span.elapsedMs;

/**
 * Moves the compression level along LEVEL_LADDER with what bounds the stream, as `zstd --adapt` does:
 * while the way out is full and the prepare workers idle, a higher level costs no time, so it steps up for a
 * better ratio; while the workers are what the sender waits for, it steps down.
 * What a level buys in bytes is measured on the same chunks: a few chunks per window are compressed at the
 * neighbouring levels too, only to be measured (sampleNext). A step up is taken only when the next level shrinks
 * them by `shrinkBy` (5%) and saves more link time than it adds compression time: it costs CPU, and buys no more
 * time than it shrinks. A level that no longer does half as well against the next cheaper one steps down to it
 * (the data or the link changed under it).
 * Against flapping: a step needs the same verdict over whole windows (two in a row by default), the windows right
 * after a step are not judged (their chunks were already under way at the old level, and the slack downstream
 * fills first), the next windows judge the step: a step up that loses more than a little rate, or a step down that
 * gains too little rate for the ratio it gives away, is taken back. After a step up is undone, or found not to
 * shrink the chunks enough, no step up is tried for a while (longer each time it happens again), so a level between
 * "too slow to compress" and "too slow to send" is settled on instead of swung around. A step down that passed its
 * trial by a small gain is checked against the level it left once more, after the trial, so that data which
 * compresses faster further on is not taken for the step's gain.
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
   * The step being judged: a step on trial (`from`: the level it left, with the rate of the windows before it), or
   * the check of a step down whose trial passed, back at the level it left for as many windows: `lower`, kept only
   * when its trial's rate beat these windows too (see takeBack).
   */
  private trial: (Span & ({ from: number; rateBefore: number } | { lower: number; rateBefore: number })) | undefined;
  private readonly comparisons: LevelComparisons;
  /** ms the link took per payload byte in the last link-bound window. */
  private linkMsPerByte: number | undefined;
  /** Chunks observed (not raw): the place of the next in the stream, for the samples' age. */
  private observed = 0;
  private dispatched = 0;
  /** Samples alternate above and below; the first is above. */
  private sampleUpNext = false;
  private readonly held = { up: 0, down: 0 };
  private readonly holdLength: { up: number; down: number };
  private readonly lastHeld = { up: 0, down: 0 };
  private lastMove: 1 | -1 | 0 = 0;
  private lastBound: Bound = 'neither';
  private readonly options: Required<AdaptiveLevelOptions>;

  constructor(options: AdaptiveLevelOptions = {}) {
    this.options = { windowChunks: 32, settleWindows: 3, startLevel: 1, boundShare: 0.25, idleShare: 0.05, raiseAfter: 2, lowerAfter: 2, trialWindows: 3, worseBy: 0.1, shrinkBy: 0.05, linkMsPerCpuMs: 1, samplesPerWindow: 2, samplesNeeded: 3, sampleWindows: 4, betterBy: 0.15, checkBelow: 0.5, holdWindows: 8, ...options };
    this.step = LEVEL_LADDER.indexOf(this.options.startLevel);
    if (this.step < 0) throw new RangeError(`start level ${this.options.startLevel} is not on the ladder ${LEVEL_LADDER.join(', ')}`);
    this.holdLength = { up: this.options.holdWindows, down: this.options.holdWindows };
    this.comparisons = new LevelComparisons((level) => LEVEL_LADDER.indexOf(level), this.options.windowChunks * this.options.sampleWindows);
  }

  get level(): number {
    return LEVEL_LADDER[this.step]!;
  }

  /** What bounded the last judged window, for logs. */
  get bound(): Bound {
    return this.lastBound;
  }

  sampleNext(): number | undefined {
    const { windowChunks, samplesPerWindow } = this.options;
    if (++this.dispatched % Math.max(1, Math.round(windowChunks / samplesPerWindow)) !== 0 || this.lastBound === 'cpu') return undefined;
    const up = this.step < LEVEL_LADDER.length - 1 && this.held.up === 0 ? LEVEL_LADDER[this.step + 1] : undefined;
    const down = this.step > 0 ? LEVEL_LADDER[this.step - 1] : undefined;
    this.sampleUpNext = !this.sampleUpNext;
    return this.sampleUpNext ? (up ?? down) : (down ?? up);
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
    this.observed++;
    const { sample } = timing;
    if (sample !== undefined) this.comparisons.add(this.observed, { level: timing.level, payloadBytes: timing.payloadBytes, compressMs: sample.sealedCompressMs }, sample);
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
    if (this.lastBound === 'link' && w.payloadBytes > 0) this.linkMsPerByte = w.elapsedMs / w.payloadBytes;
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
    if (this.pays(this.step - 1) === false) this.setStep(this.step - 1, { judged: true });
    else if (this.lastBound === 'link' && windows >= this.options.raiseAfter && this.step < LEVEL_LADDER.length - 1 && this.held.up === 0) this.stepUpIfItPays();
    else if (this.lastBound === 'cpu' && windows >= this.options.lowerAfter && this.step > 0 && this.held.down === 0) this.move(-1);
  }

  /**
   * Whether the costlier of this level and the one at ladder place `other` is worth its CPU against the cheaper, on
   * the same chunks (see shrinkBy): fully when `other` is above (a step up), half when below (this level kept);
   * undefined while the samples are too few to tell. Before any link-bound window, by the bytes alone.
   */
  private pays(other: number): boolean | undefined {
    if (other < 0 || other >= LEVEL_LADDER.length) return undefined;
    const up = other > this.step;
    const [cheaper, costlier] = up ? [this.step, other] : [other, this.step];
    const measured = this.comparisons.compare(LEVEL_LADDER[cheaper]!, LEVEL_LADDER[costlier]!, this.observed, this.options.samplesNeeded);
    if (measured === undefined) return undefined;
    const share = up ? 1 : 0.5;
    if (measured.shrink < this.options.shrinkBy * share) return false;
    return this.linkMsPerByte === undefined || measured.savedBytes * this.linkMsPerByte >= measured.extraMs * this.options.linkMsPerCpuMs * share;
  }

  /** Link-bound: steps up when the next level is worth its CPU; when it is not, holds steps up off. */
  private stepUpIfItPays(): void {
    const worth = this.pays(this.step + 1);
    if (worth === true) this.move(+1);
    else if (worth === false) this.hold('up');
  }

  /**
   * Judges the step on trial by the windows after it settled; true when the level changed.
   * - A step up is taken back when it moved more than a little fewer bytes per second (the workers could not keep
   *   up at its level after all). What it shrinks was measured before it was taken (stepUpIfItPays).
   * - A step down is taken back when it did not move `betterBy` more bytes per second.
   *
   * A step down that passed by less than `checkBelow` is checked once more against the level it left, measured
   * after it: the data changes along a disk (a stretch of logs compresses faster at every level than the binaries
   * before it), and a trial on later data than the windows before it would credit the step with the data's change.
   * It is kept only when it beat the old level's rate on both sides. A larger gain is kept at once (level 9 to 6 on a
   * link that sped up).
   */
  private takeBack(): boolean {
    const trial = this.trial!;
    this.trial = undefined;
    const { worseBy, betterBy, checkBelow } = this.options;
    const rate = rateOf(trial);
    if ('lower' in trial) {
      // The check: `trial` now holds the windows back at the old level, after the step's own trial.
      const kept = trial.rateBefore >= rate * (1 + betterBy);
      if (kept) this.setStep(trial.lower, { judged: true });
      else this.hold('down');
      return kept;
    }
    const { from, rateBefore } = trial;
    if (this.step > from) {
      if (rate >= rateBefore * (1 - worseBy)) return false;
    } else if (rate >= rateBefore * (1 + betterBy)) {
      if (rate >= rateBefore * (1 + checkBelow)) return false;
      this.trial = { lower: this.step, rateBefore: rate, ...emptySpan() };
      this.setStep(from, { judged: true });
      return true;
    } else {
      // Taking back a step down is a step up: hold further steps down instead.
      this.hold('down');
    }
    this.setStep(from);
    return true;
  }

  private move(by: 1 | -1): void {
    this.trial = { from: this.step, rateBefore: rateOf(this.streak), ...emptySpan() };
    this.setStep(this.step + by);
  }

  /** `judged`: a move of the check of a step (see takeBack), or one the samples decided, which is no flap to damp. */
  private setStep(step: number, { judged = false } = {}): void {
    const by = step > this.step ? 1 : -1;
    // Down right after up (a level climbed to was too costly): the flap to damp. A descent is not held.
    if (!judged && by === -1 && this.lastMove === 1) this.hold('up');
    if (!judged) this.lastMove = by;
    this.step = step;
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

  sampleNext(): undefined {
    return undefined;
  }

  observe(): number {
    return this.level;
  }
}

/** The chooser for a session's setting: AdaptiveLevel for "adaptive", else the pinned level. */
export function levelChooser(setting: CompressionSetting, options?: AdaptiveLevelOptions): LevelChooser {
  return setting === 'adaptive' ? new AdaptiveLevel(options) : new FixedLevel(setting);
}
