import { ConcurrencyError } from '@ferry/errors';

/** How often to retry after a ConcurrencyError; default 5 attempts with a small jittered pause. */
export interface RetryOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
}

/**
 * Runs `attempt` (load, decide, append) again when it fails with ConcurrencyError, up to a bound:
 * each run reloads the aggregate, so the decision is remade against the newer state. Any other
 * error, or the last ConcurrencyError, is thrown.
 */
export async function retryOnConcurrency<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 10;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || n >= attempts) throw error;
      // Jitter so two writers that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * n * (0.5 + Math.random())));
    }
  }
}
