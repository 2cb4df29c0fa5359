import { ManualTimers } from '../../test/fixtures/manual-timers';
import { MAX_TIMER_MS, WakeTimers } from './wake-timers';

const T0 = Date.UTC(2026, 11, 4, 6, 0, 0);
const DAY = 86_400_000;

describe('wake timers', () => {
  it('wakes at the time, not before', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: number[] = [];
    timers.arm('plan-start:p', T0 + 20_000, () => woke.push(clock.now()));
    clock.advance(19_999);
    expect(woke).toEqual([]);
    clock.advance(1);
    expect(woke).toEqual([T0 + 20_000]);
    expect(timers.keys()).toEqual([]);
  });

  it('wakes at once for a time already past', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: string[] = [];
    timers.arm('plan-start:late', T0 - 60_000, () => woke.push('late'));
    clock.advance(0);
    expect(woke).toEqual(['late']);
  });

  it('arming a key again replaces its wake-up; disarm clears it', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: string[] = [];
    timers.arm('cutover:m', T0 + 1000, () => woke.push('first'));
    timers.arm('cutover:m', T0 + 5000, () => woke.push('second'));
    expect(timers.armedAt('cutover:m')).toBe(T0 + 5000);
    clock.advance(4000);
    expect(woke).toEqual([]);
    clock.advance(1000);
    expect(woke).toEqual(['second']);
    timers.arm('cutover:n', T0 + 9000, () => woke.push('n'));
    timers.disarm('cutover:n');
    clock.advance(10_000);
    expect(woke).toEqual(['second']);
    expect(clock.count).toBe(0);
  });

  it('waits longer than setTimeout can (2^31-1 ms) in several waits', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: number[] = [];
    timers.arm('plan-start:far', T0 + 60 * DAY, () => woke.push(clock.now()));
    clock.advance(59 * DAY);
    expect(woke).toEqual([]);
    clock.advance(DAY);
    expect(woke).toEqual([T0 + 60 * DAY]);
    expect(Math.max(...clock.delays)).toBe(MAX_TIMER_MS);
  });

  it('a timer that fires early waits again for the rest instead of waking before its time', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: number[] = [];
    timers.arm('plan-start:p', T0 + 1000, () => woke.push(clock.now()));
    clock.fireEarly(1);
    expect(woke).toEqual([]);
    expect(timers.armedAt('plan-start:p')).toBe(T0 + 1000);
    clock.advance(1);
    expect(woke).toEqual([T0 + 1000]);
  });

  it('stop clears every timer and arms no more', () => {
    const clock = new ManualTimers(T0);
    const timers = new WakeTimers(clock);
    const woke: string[] = [];
    timers.arm('a', T0 + 1000, () => woke.push('a'));
    timers.arm('b', T0 + 2000, () => woke.push('b'));
    timers.stop();
    timers.arm('c', T0 + 500, () => woke.push('c'));
    clock.advance(5000);
    expect({ woke, timers: clock.count, keys: timers.keys() }).toEqual({ woke: [], timers: 0, keys: [] });
  });
});
