const WASM_PAGE = 65536;
// The global exists in Node; this project's TypeScript libs do not declare it.
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

/**
 * Page-aligned buffers shared by every TargetWriter of one thread. WebAssembly memories are the one
 * page-aligned allocation JavaScript can make, but V8 (Node 20) gives a memory's pages back only when
 * its thread ends, however often it collects: a receiver that made four per session grew by 8 MiB
 * with every disk it landed. So a buffer is made once and, once its writer is done with it, waits
 * here for the next session of this thread; a thread holds as many as its busiest moment needed.
 */
const spare: Buffer[] = [];

/** An aligned buffer of at least `length` bytes: the smallest spare one that fits, or a new one. */
export function takeAlignedBuffer(length: number): Buffer {
  let best = -1;
  for (let i = 0; i < spare.length; i++) if (spare[i]!.length >= length && (best < 0 || spare[i]!.length < spare[best]!.length)) best = i;
  if (best >= 0) return spare.splice(best, 1)[0]!;
  const pages = Math.max(1, Math.ceil(length / WASM_PAGE));
  return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer);
}

/** Hands a buffer from takeAlignedBuffer back for the next writer; the caller must not use it afterwards. */
export function returnAlignedBuffer(buffer: Buffer): void {
  spare.push(buffer);
}

/** How many aligned buffers wait for a writer in this thread (tests check the reuse with it). */
export function spareAlignedBuffers(): number {
  return spare.length;
}
