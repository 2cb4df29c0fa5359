/**
 * Resolves after `ms`, or as soon as `signal` aborts (at once when it already has): for waits a
 * cancel must cut short — retry back-off, pacing — where the caller checks the signal afterwards.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
