import { ReplayWindow } from './replay-window';

/** A window that has accepted `counters`, in that order. */
function given(counters: number[], size?: number): ReplayWindow {
  const window = new ReplayWindow(size);
  for (const c of counters) {
    expect(window.check(c)).toBeUndefined();
    window.accept(c);
  }
  return window;
}

describe('ReplayWindow: each counter of a session is accepted at most once', () => {
  it('takes a fresh counter in a new session', () => {
    expect(given([]).check(0)).toBeUndefined();
  });

  it('refuses a counter it already accepted, naming the counter', () => {
    const window = given([0, 1, 2]);
    expect(window.check(1)).toMatch(/replays counter 1, already accepted/);
    expect(window.check(2)).toMatch(/replays counter 2/);
  });

  it('takes counters that arrive out of order inside the window, each once', () => {
    // Several reads in flight: counters 5 and 9 answered before 2, 7 and 3.
    const window = given([5, 9, 2, 7, 3]);
    expect(window.check(4)).toBeUndefined();
    expect(window.check(0)).toBeUndefined();
    for (const c of [5, 9, 2, 7, 3]) expect(window.check(c)).toMatch(/replays counter/);
  });

  it('refuses a counter at or below (highest − size) as too old, even one never seen', () => {
    const window = given([0, 100], 16);
    expect(window.check(84)).toMatch(/counter 84 is older than the replay window \(highest seen 100\)/);
    expect(window.check(0)).toMatch(/counter 0/); // seen, and too old by now
    expect(window.check(85)).toBeUndefined(); // the oldest counter still inside the window
  });

  it('still refuses a replay once the window moved on and forgot the counter', () => {
    const window = given([3, 50], 8);
    window.accept(4_000);
    expect(window.check(3)).toMatch(/older than the replay window/);
    expect(window.check(50)).toMatch(/older than the replay window/);
    expect(window.check(4_000)).toMatch(/replays counter 4000/);
  });
});
