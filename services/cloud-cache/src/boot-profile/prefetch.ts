/**
 * Prefetches a boot profile into a new volume: its chunks in the recorded order, a few batches at a
 * time, each asked for at background priority so a guest's demand reads keep the fast lane at every
 * hop. A bounded window keeps the link from filling with prefetch a demand read would queue behind.
 */
import type { CacheVolume } from '../cache/cache-volume';

/** How the prefetch paces itself. */
export interface PrefetchOptions {
  /** Chunks per request. Default 8 (prem-manager takes at most 64). */
  batchChunks?: number;
  /** Requests in flight at once. Default 2. */
  window?: number;
}

/** Resolves (never rejects) with how many chunks were fetched from the profile; chunks already present or being fetched are left alone. */
export async function prefetchProfile(volume: CacheVolume, chunks: readonly number[], options: PrefetchOptions = {}): Promise<number> {
  const batchChunks = options.batchChunks ?? 8;
  const window = options.window ?? 2;
  let fetched = 0;
  const running = new Set<Promise<void>>();
  let at = 0;
  while (at < chunks.length) {
    // Checked when the batch goes out, not up front: reads may have fetched some meanwhile.
    const batch: number[] = [];
    for (; at < chunks.length && batch.length < batchChunks; at++) if (volume.wantsChunk(chunks[at]!) && !batch.includes(chunks[at]!)) batch.push(chunks[at]!);
    if (batch.length === 0) break;
    const answers = volume.askAhead(batch);
    // A chunk that could not be fetched is left out (a read of it then fails or fetches it as any miss does).
    const landed = Promise.all(batch.map((i) => volume.landAhead(i, answers.get(i) ?? Promise.resolve(undefined)).catch(() => false)))
      .then((stored) => void (fetched += stored.filter(Boolean).length))
      .finally(() => running.delete(landed));
    running.add(landed);
    if (running.size >= window) await Promise.race(running);
  }
  await Promise.all(running);
  return fetched;
}
