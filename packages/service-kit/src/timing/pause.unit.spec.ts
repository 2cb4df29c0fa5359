import { pause } from './pause';

describe('pause', () => {
  it('waits the time asked when nothing aborts it', async () => {
    const started = Date.now();
    await pause(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('ends as soon as its signal aborts, and at once on a signal already aborted', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const waiting = pause(60_000, abort.signal);
    setTimeout(() => abort.abort(), 10);
    await waiting;
    await pause(60_000, abort.signal);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
