import { AdaptiveLevel, FixedLevel, LEVEL_LADDER, levelChooser, type ChunkTiming, type LevelChooser } from './adaptive-level';
import { LEVEL_OFF } from './compression-setting';

const MiB = 1024 * 1024;

/**
 * A sender of 1 MiB chunks in a model: compressing a chunk at a level costs the workers `cpuMs`, sending
 * it costs its compressed size over the link. Whichever is slower sets the pace; the faster side waits
 * (the sender waits for the workers when they are slower, for the link when it is). The workers run up to
 * AHEAD chunks ahead of the sender, as the streamer's read-ahead lets them, so the odd chunk also compressed at a
 * second level (a sample) costs them slack, not the stream's time, while they have slack.
 */
const model: Record<number, { ratio: number; cpuMs: number }> = {
  [LEVEL_OFF]: { ratio: 1, cpuMs: 0.2 },
  [-5]: { ratio: 1.7, cpuMs: 1 },
  [-1]: { ratio: 2.1, cpuMs: 1.6 },
  1: { ratio: 2.6, cpuMs: 2.5 },
  3: { ratio: 2.8, cpuMs: 5 },
  6: { ratio: 3.0, cpuMs: 9 },
  9: { ratio: 3.1, cpuMs: 14 },
};

const AHEAD = 6;

/** Runs `chunks` chunks through `chooser` over a link of `linkMiBps`; returns the level of each chunk. */
function run(chooser: LevelChooser, chunks: number, linkMiBps: (chunk: number) => number): number[] {
  const levels: number[] = [];
  const handedOn: number[] = [];
  let workersFree = 0;
  let now = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const level = chooser.level;
    levels.push(level);
    const sample = chooser.sampleNext();
    const { ratio, cpuMs } = model[level]!;
    workersFree = Math.max(workersFree, handedOn[chunk - AHEAD] ?? 0) + cpuMs + (sample === undefined ? 0 : model[sample]!.cpuMs);
    const sendMs = 1000 / linkMiBps(chunk) / ratio;
    const prepareWaitMs = Math.max(0, workersFree - now);
    now += prepareWaitMs + sendMs;
    handedOn.push(now);
    chooser.observe({ prepareWaitMs, sendWaitMs: sendMs, bytes: MiB, payloadBytes: MiB / ratio, level, at: now, ...sampledAt(sample, level, (l) => model[l]!.ratio) });
  }
  return levels;
}

/** The `sample` field of the timing of a chunk sealed at `level` when the chooser asked for one, at the ratios given and the model's CPU. */
const sampledAt = (sample: number | undefined, level: number, ratioOf: (level: number) => number): Pick<ChunkTiming, 'sample'> =>
  sample === undefined ? {} : { sample: { level: sample, payloadBytes: MiB / ratioOf(sample), compressMs: model[sample]!.cpuMs, sealedCompressMs: model[level]!.cpuMs } };

/** Hands `chooser` one chunk as the streamer does (a sample asked for first), at the ratios given; `timing` gives the other fields. */
function feed(chooser: LevelChooser, timing: Omit<ChunkTiming, 'level' | 'payloadBytes' | 'sample'>, ratioOf: (level: number) => number = (level) => model[level]!.ratio): void {
  const level = chooser.level;
  const sample = chooser.sampleNext();
  chooser.observe({ ...timing, level, payloadBytes: MiB / ratioOf(level), ...sampledAt(sample, level, ratioOf) });
}

/** A chunk sealed at `level`, as the model compresses it. */
const sealedAt = (level: number): { level: number; payloadBytes: number } => ({ level, payloadBytes: MiB / model[level]!.ratio });

const changes = (levels: number[]): number => levels.filter((level, i) => i > 0 && level !== levels[i - 1]).length;
const share = (levels: number[], level: number): number => levels.filter((l) => l === level).length / levels.length;

describe('AdaptiveLevel', () => {
  it('starts at level 1', () => {
    expect(new AdaptiveLevel().level).toBe(1);
  });

  it('given a slow link and idle workers, steps up while each step shrinks the chunks by 5% and saves more link time than it costs CPU, and stays there', () => {
    // 2 MiB/s. Level 3 shrinks the chunks of level 1 by 7% (saving 13.7 ms of link a chunk for 2.5 ms more CPU), level
    // 6 those of 3 by 7%, level 9 those of 6 by only 3%: left.
    const levels = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 2000, () => 2);
    expect(levels.indexOf(6)).toBeLessThan(300);
    expect(share(levels, 9)).toBe(0); // the samples of level 9 show it 3% smaller than 6: never tried
    expect(levels.at(-1)).toBe(6);
    // Where level 9 does shrink them enough, it goes all the way.
    model[9]!.ratio = 3.2;
    try {
      const higher = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 2000, () => 2);
      expect(higher.slice(-500).every((level) => level === 9)).toBe(true);
    } finally {
      model[9]!.ratio = 3.1;
    }
    // 20 MiB/s: level 3 would save 1.4 ms of link a chunk for 2.5 ms more CPU; the link is still what bounds the stream.
    expect(run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 2000, () => 20)).toEqual(Array(2000).fill(1));
  });

  it('given a fast link and busy workers, steps down to no compression', () => {
    const levels = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 2000, () => 10_000);
    expect(share(levels.slice(-1000), LEVEL_OFF)).toBeGreaterThan(0.9);
    expect(levels.indexOf(LEVEL_OFF)).toBeLessThan(300);
  });

  it('between the two, settles on the level where compressing keeps up with the link, without flapping', () => {
    // 105 MiB/s: level 1 compresses a chunk in 2.5 ms and sends it in 3.7; level 3 would send in 3.4 but compress in 5.
    const levels = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 4000, () => 105);
    expect(share(levels.slice(-2000), 1)).toBeGreaterThan(0.8);
    expect(changes(levels.slice(-2000))).toBeLessThanOrEqual(12);
  });

  it('follows the link when it changes: down when it speeds up, up again when it slows', () => {
    const levels = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 3000, (chunk) => (chunk < 1000 || chunk >= 2000 ? 2 : 10_000));
    expect(levels[999]).toBe(6);
    expect(share(levels.slice(1500, 2000), LEVEL_OFF)).toBeGreaterThan(0.8);
    expect(levels[2999]).toBe(6);
  });

  it('steps down from levels that no longer pay for their CPU once the link gets faster, though it still bounds the stream', () => {
    // 2 MiB/s, then 40 MiB/s: level 1 still sends a chunk (9.6 ms) slower than it compresses one (2.5 ms), but level 3
    // saves 0.7 ms of link a chunk for 2.5 ms more CPU, and level 6 0.6 ms of level 3's for 4 ms more.
    const levels = run(new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 }), 1500, (chunk) => (chunk < 500 ? 2 : 40));
    expect(levels[499]).toBe(6);
    expect(levels.indexOf(1, 500)).toBeLessThan(500 + 2 * 4 * 16); // within the samples' 4 windows, twice
    expect(levels.slice(-500)).toEqual(Array(500).fill(1));
  });

  it('needs two windows in a row of the same verdict before a step, and judges a step by the two after its settling', () => {
    const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2 });
    let now = 0;
    const windowOf = (bound: 'link' | 'cpu' | 'neither'): void => {
      for (let i = 0; i < 4; i++) {
        now += 200; // 5 MiB/s: level 3 saves 5.5 ms of link a chunk for 2.5 ms more CPU
        feed(chooser, { prepareWaitMs: bound === 'cpu' ? 160 : 0, sendWaitMs: bound === 'link' ? 160 : 0, bytes: MiB, at: now });
      }
    };
    feed(chooser, { prepareWaitMs: 0, sendWaitMs: 0, bytes: MiB, at: now }); // starts the clock
    windowOf('link');
    expect(chooser.level).toBe(1);
    windowOf('neither');
    windowOf('link');
    expect(chooser.level).toBe(1); // the streak was broken
    windowOf('link'); // the samples show level 3 shrinking the chunks by 7%, worth its CPU
    expect(chooser.level).toBe(3);
    windowOf('link'); // settling: the window after a step is not judged
    windowOf('link'); // the step's trial: as many bytes per second as before
    windowOf('link');
    expect(chooser.level).toBe(3); // kept
    windowOf('cpu');
    windowOf('cpu');
    expect(chooser.level).toBe(1);
  });

  it('compares levels on the same chunks: steps up only where the next level shrinks them by 5%, and holds off asking again where it does not', () => {
    // A slow link (2 MB/s) and idle workers. The reference disk's ratios: level 1 2.84, level 3 2.92 (3% smaller).
    const levelsOver = (ratioAt: (level: number, chunk: number) => number, chunks: number, linkMBps = 2): { levels: number[]; samples: number[] } => {
      const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2, holdWindows: 6 });
      const levels: number[] = [];
      const samples: number[] = [];
      let now = 0;
      for (let chunk = 0; chunk < chunks; chunk++) {
        levels.push(chooser.level);
        const sample = chooser.sampleNext();
        if (sample !== undefined) samples.push(sample);
        const payloadBytes = MiB / ratioAt(chooser.level, chunk);
        const ms = payloadBytes / (linkMBps * 1000); // the link sets the pace at any level
        now += ms;
        chooser.observe({ prepareWaitMs: 0, sendWaitMs: ms * 0.8, bytes: MiB, payloadBytes, level: chooser.level, at: now, ...sampledAt(sample, chooser.level, (level) => ratioAt(level, chunk)) });
      }
      return { levels, samples };
    };
    const ratios = (above1: number, above3 = above1): ((level: number) => number) => (level) => (level < 1 ? 2.5 : level === 1 ? 2.84 : level === 3 ? above1 : above3);
    const tooLittle = levelsOver(ratios(2.92), 48);
    expect(tooLittle.levels).toEqual(Array(48).fill(1)); // never tried
    // In turn above and below, until three samples above (one a window) said no: then below only, for the hold's 6 windows.
    expect(tooLittle.samples.slice(0, 6)).toEqual([3, -1, 3, -1, 3, -1]);
    expect(tooLittle.samples.slice(6, 18)).toEqual(Array(12).fill(-1));
    expect(tooLittle.samples.slice(18)).toContain(3); // asked again once the hold ran out
    // From chunk 12 on the data compresses 10% better at every level: no step is credited with the data's gain.
    const dataCompressesBetter = levelsOver((level, chunk) => ratios(2.92)(level) * (chunk < 12 ? 1 : 1.1), 48);
    expect(dataCompressesBetter.levels).toEqual(Array(48).fill(1));
    // Where level 3 shrinks the chunks by 9%, it is stepped up to and kept.
    const levelHelps = levelsOver(ratios(3.1, 3.15), 48);
    expect(levelHelps.levels.indexOf(3)).toBeGreaterThan(0);
    expect(levelHelps.levels.indexOf(3)).toBeLessThan(20);
    expect(levelHelps.levels.at(-1)).toBe(3); // level 6 (2% smaller than 3) is not stepped up to
    // Over 20 MB/s the 9% level 3 saves takes the link 1.5 ms a chunk, less than the 2.5 ms more it costs to compress.
    expect(levelsOver(ratios(3.1, 3.15), 48, 20).levels).toEqual(Array(48).fill(1));
  });

  it('steps down from a level that no longer shrinks the chunks by 2.5% against the one below (logs after binaries), and does not climb back', () => {
    // A slow link and idle workers. Level 3 is 9% smaller than level 1 on the first 40 chunks, 12% larger after them.
    const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2 });
    const ratioAt = (level: number, chunk: number): number => (level < 1 ? 2.5 : level === 1 ? 2.84 : level === 3 ? (chunk < 40 ? 3.1 : 2.5) : 3.15);
    const levels: number[] = [];
    let now = 0;
    for (let chunk = 0; chunk < 120; chunk++) {
      levels.push(chooser.level);
      now += 500;
      feed(chooser, { prepareWaitMs: 0, sendWaitMs: 400, bytes: MiB, at: now }, (level) => ratioAt(level, chunk));
    }
    expect(levels[39]).toBe(3);
    expect(levels.indexOf(1, 40)).toBeLessThan(40 + 4 * 4); // within the samples' 4 windows once they turn
    expect(levels.slice(60)).toEqual(Array(60).fill(1));
  });

  it('takes back a step up after which fewer bytes get through, and holds off stepping up again', () => {
    const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, holdWindows: 6, trialWindows: 2 });
    let now = 0;
    const windowOf = (msPerChunk: number): void => {
      for (let i = 0; i < 4; i++) {
        now += msPerChunk;
        feed(chooser, { prepareWaitMs: 0, sendWaitMs: msPerChunk / 2, bytes: MiB, at: now });
      }
    };
    feed(chooser, { prepareWaitMs: 0, sendWaitMs: 0, bytes: MiB, at: now });
    for (let i = 0; i < 3; i++) windowOf(200); // two link-bound windows, and three samples of level 3
    expect(chooser.level).toBe(3);
    windowOf(200); // settling
    windowOf(400); // half the rate, though still waiting on the link (the receiver, say, shares the CPU)
    expect(chooser.level).toBe(3);
    windowOf(400);
    expect(chooser.level).toBe(1);
    // Link-bound windows: unheld, the second would step up. Held: its settling window, 6 windows without a sample
    // above, then 3 more to sample level 3 afresh (the samples before the step are too old by then).
    let windows = 0;
    while (chooser.level === 1 && windows < 20) {
      windowOf(200);
      windows++;
    }
    expect(windows).toBe(1 + 6 + 3);
  });

  it('asks for no sample while the workers bound the stream', () => {
    const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1 });
    let now = 0;
    const asked: Array<number | undefined> = [];
    for (let i = 0; i < 9; i++) {
      now += 10;
      asked.push(chooser.sampleNext());
      chooser.observe({ prepareWaitMs: 8, sendWaitMs: 0, bytes: MiB, payloadBytes: MiB / 2.6, level: 1, at: now });
    }
    expect(asked.slice(0, 5).filter((level) => level !== undefined)).toEqual([3, -1]); // before the first window was judged
    expect(asked.slice(5)).toEqual(Array(4).fill(undefined));
  });

  it('refuses a start level off its ladder', () => {
    expect(() => new AdaptiveLevel({ startLevel: 4 })).toThrow(/start level 4 is not on the ladder/);
  });

  it('takes back a step down that does not speed the stream up (CPU taken by other work, not by compressing)', () => {
    const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2 });
    let now = 0;
    const windowOf = (): void => {
      for (let i = 0; i < 4; i++) {
        now += 10;
        chooser.observe({ prepareWaitMs: 6, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
      }
    };
    chooser.observe({ prepareWaitMs: 0, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
    windowOf();
    windowOf();
    expect(chooser.level).toBe(-1);
    windowOf(); // settling
    windowOf();
    windowOf(); // as slow as at level 1: the ratio given away bought nothing
    expect(chooser.level).toBe(1);
    for (let i = 0; i < 8; i++) windowOf(); // settling, then steps down held off
    expect(chooser.level).toBe(1);
  });

  it('leaves chunks that went raw whatever the level out of its windows: a step down is not kept for a stretch of random data', () => {
    const trial = (withFlag: boolean): number => {
      const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2 });
      let now = 0;
      const compressible = (): void => {
        now += 10;
        chooser.observe({ prepareWaitMs: 6, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
      };
      const random = (): void => {
        now += 1; // the probe sends it raw at once, at any level
        chooser.observe({ prepareWaitMs: 0.5, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now, ...(withFlag ? { raw: true } : {}) });
      };
      chooser.observe({ prepareWaitMs: 0, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
      for (let i = 0; i < 8; i++) compressible();
      expect(chooser.level).toBe(-1);
      for (let i = 0; i < 4; i++) compressible(); // settling
      // The trial: the compressible chunks as slow as at level 1, with a stretch of random data among them.
      for (let i = 0; i < 8; i++) {
        compressible();
        random();
        random();
      }
      for (let i = 0; i < 8; i++) compressible();
      return chooser.level;
    };
    expect(trial(false)).toBe(-1); // unmarked, the random stretch passes for a faster stream
    expect(trial(true)).toBe(1); // marked, the step is judged on the compressible chunks and taken back
  });

  it('checks a step down that gained a little against the level it left, after it: data that got faster is not credited to the step', () => {
    // CPU-bound; from chunk 12 on the data compresses faster at every level (a stretch of logs after binaries).
    const levelsOver = (msAt: (level: number, chunk: number) => number): number[] => {
      const chooser = new AdaptiveLevel({ windowChunks: 4, settleWindows: 1, trialWindows: 2 });
      const levels: number[] = [];
      let now = 0;
      chooser.observe({ prepareWaitMs: 0, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
      for (let chunk = 0; chunk < 44; chunk++) {
        levels.push(chooser.level);
        const ms = msAt(chooser.level, chunk);
        now += ms;
        chooser.observe({ prepareWaitMs: ms * 0.6, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
      }
      return levels;
    };
    const dataSpeedsUp = levelsOver((_level, chunk) => (chunk < 12 ? 10 : 8));
    expect(dataSpeedsUp[8]).toBe(-1); // tried after two CPU-bound windows; its trial (chunks 12-19) is 25% faster
    expect(dataSpeedsUp[20]).toBe(1); // back at level 1 to check, and as fast there
    expect(dataSpeedsUp.slice(20)).toEqual(Array(24).fill(1)); // so the step is not kept, and steps down are held off
    const levelHelps = levelsOver((level) => (level === 1 ? 10 : 8));
    expect(levelHelps[20]).toBe(1); // checked the same way
    expect(levelHelps.at(-1)).toBe(-1); // level 1 is slower than the trial was: the step down is kept
  });
});

describe('AdaptiveLevel with its default windows', () => {
  it('is not fooled by the slack downstream: a step down that only fills frames in flight is taken back', () => {
    // CPU-bound at 10 ms a chunk whatever the level (the CPU is the whole machine's); after each change of level
    // the source runs at twice the pace for 64 chunks, while prem-manager's window fills, then back to 10 ms.
    const chooser = new AdaptiveLevel();
    const levels: number[] = [];
    let now = 0;
    let burstLeft = 0;
    for (let chunk = 0; chunk < 1200; chunk++) {
      if (chunk > 0 && chooser.level !== levels[levels.length - 1]) burstLeft = 64;
      levels.push(chooser.level);
      const ms = burstLeft-- > 0 ? 5 : 10;
      now += ms;
      chooser.observe({ prepareWaitMs: ms * 0.6, sendWaitMs: 0, bytes: MiB, ...sealedAt(chooser.level), at: now });
    }
    expect(levels[70]).toBe(-1); // tried after two CPU-bound windows
    expect(levels[300]).toBe(1); // and taken back
    expect(levels.filter((level) => level < 1).length).toBeLessThan(400);
  });
});

describe('levelChooser', () => {
  it('pins a level for every chunk, whatever bounds the stream', () => {
    const levels = run(levelChooser(-1), 500, () => 20);
    expect(new Set(levels)).toEqual(new Set([-1]));
    expect(levelChooser('adaptive')).toBeInstanceOf(AdaptiveLevel);
    expect(levelChooser(LEVEL_OFF)).toEqual(new FixedLevel(LEVEL_OFF));
  });

  it('adaptive, chooses only levels of its ladder (none, fast negative levels, then 1 to 9), all of them over a varying link', () => {
    const chooser = (): AdaptiveLevel => new AdaptiveLevel({ windowChunks: 16, settleWindows: 1 });
    const slowFastSlow = (chunk: number): number => (chunk < 1000 || chunk >= 2000 ? 2 : 10_000);
    expect(new Set(run(chooser(), 3000, slowFastSlow))).toEqual(new Set(LEVEL_LADDER.filter((level) => level !== 9))); // 9 shrinks 6's chunks by 3%
    model[9]!.ratio = 3.2;
    try {
      expect(new Set(run(chooser(), 3000, slowFastSlow))).toEqual(new Set(LEVEL_LADDER));
    } finally {
      model[9]!.ratio = 3.1;
    }
  });
});
