/** A read at `offset` inside chunk `chunk`, never crossing into the next chunk. */
export interface PlannedRead {
  chunk: number;
  offset: number;
  length: number;
}

/** mulberry32: a small seeded generator, so every run (and every peer) reads the same offsets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0..count-1 in a seeded random order. */
export function shuffledChunks(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** One `length`-byte read in each of `chunks`, at a random 4 KiB-aligned offset inside the chunk. */
export function readsIn(chunks: readonly number[], chunkSize: number, length: number, random: () => number): PlannedRead[] {
  const slots = (chunkSize - length) / 4096 + 1;
  return chunks.map((chunk) => ({ chunk, offset: chunk * chunkSize + Math.floor(random() * slots) * 4096, length }));
}

/** Nearest-rank percentile (p99 of 100 samples is the second largest). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50, p99 and max of `ms`, rounded to 0.001 ms. */
export function latencySummary(ms: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  return { n: ms.length, p50: r(percentile(ms, 50)), p99: r(percentile(ms, 99)), max: r(percentile(ms, 100)) };
}
