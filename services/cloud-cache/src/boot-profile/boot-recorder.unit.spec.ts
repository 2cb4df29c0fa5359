import { BootRecorder } from './boot-recorder';

describe('BootRecorder', () => {
  it('given reads across chunks, then it keeps each chunk once in first-touch order', () => {
    const recorder = new BootRecorder({ windowMs: 1000, maxChunks: 100 });
    recorder.touch(7, 7, 0);
    recorder.touch(2, 4, 1);
    recorder.touch(3, 3, 2);
    recorder.touch(7, 8, 3);
    expect(recorder.chunks()).toEqual([7, 2, 3, 4, 8]);
  });

  it('given the chunk limit is reached mid-read, then it stops at the limit and ignores later reads', () => {
    const recorder = new BootRecorder({ windowMs: 1000, maxChunks: 3 });
    expect(recorder.touch(10, 20, 0)).toBe(false);
    expect(recorder.touch(1, 1, 1)).toBe(false);
    expect(recorder.chunks()).toEqual([10, 11, 12]);
    expect(recorder.done).toBe(true);
  });

  it('given the window after the first read has passed, then later reads are not recorded', () => {
    const recorder = new BootRecorder({ windowMs: 1000, maxChunks: 100 });
    recorder.touch(5, 5, 50_000);
    expect(recorder.touch(6, 6, 51_000)).toBe(true);
    expect(recorder.touch(9, 9, 51_001)).toBe(false);
    expect(recorder.chunks()).toEqual([5, 6]);
  });

  it('given the boot was declared done, then it records nothing more', () => {
    const recorder = new BootRecorder({ windowMs: 1000, maxChunks: 100 });
    recorder.touch(1, 1, 0);
    recorder.finish();
    recorder.touch(2, 2, 1);
    expect(recorder.chunks()).toEqual([1]);
  });

  it('refuses limits that would record nothing', () => {
    expect(() => new BootRecorder({ windowMs: 0, maxChunks: 10 })).toThrow(/must be positive/);
  });
});
