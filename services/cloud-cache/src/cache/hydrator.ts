/**
 * Background hydration: marks the source's unallocated chunks as zeros without reading them, then
 * copies every other absent chunk from the source into the cache, one at a time,
 * stepping aside whenever on-demand fetches are running (or ran in the last few milliseconds) or a
 * boot profile's prefetch is on its way, so a booting VM's reads are never queued behind the
 * background copy and the chunks its boot will read come first.
 */
import type { CacheVolume } from './cache-volume';

/** Options of {@link startHydration}. */
export interface HydrationOptions {
  /** How long after an on-demand fetch the hydrator keeps out of the way. Default 20 ms. */
  yieldMs?: number;
  /** Called once when every chunk is present. */
  onComplete?: () => void;
  onError?: (error: unknown) => void;
}

/** A running hydration; `stop()` ends it after the chunk in progress. */
export interface Hydration {
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function startHydration(volume: CacheVolume, options: HydrationOptions = {}): Hydration {
  const yieldMs = options.yieldMs ?? 20;
  let stopped = false;
  const done = (async () => {
    // Unallocated source ranges are known from metadata: only allocated data is copied.
    await volume.skipUnallocated();
    let next = volume.nextAbsent(0);
    while (!stopped && next >= 0) {
      if (volume.demandActive(performance.now(), yieldMs) || volume.aheadActive()) {
        await sleep(yieldMs);
        continue;
      }
      await volume.hydrate(next);
      next = volume.nextAbsent(next + 1);
      if (next < 0) next = volume.nextAbsent(0); // chunks skipped while busy elsewhere
    }
    if (!stopped) {
      await volume.flush();
      options.onComplete?.();
    }
  })().catch((error: unknown) => options.onError?.(error));
  return {
    done,
    async stop(): Promise<void> {
      stopped = true;
      await done;
    },
  };
}
