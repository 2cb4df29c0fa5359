import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;
let collect: Collect | undefined;

/**
 * FERRY_HEAP_GROWING_PERCENT (default 100; 0 leaves V8's own choice): how far the old generation may grow
 * past what the last full collection left before the next one. V8 picks the factor from how fast the
 * heap allocates; a data-plane service allocates little on its heap (its chunks are outside it), so V8
 * chose about 1.1, giving a 27 MiB heap a limit only ~10 MiB above it. V8 starts incremental marking
 * whenever the room left is below the young generation's capacity (16 MiB once it has grown, as it does
 * at start-up), so once one full collection ran during a transfer, the next started at once, and the next:
 * prem-manager ran 30-40 mark-compacts per full sync of 1 GiB, and perf put a third of its CPU in marking.
 * Twice the live heap leaves the room above the young generation (14 mark-compacts in a run of two rounds
 * instead of 78); the cost is at most one live heap more of RSS. Set on the process's first janitor, so
 * every data-plane service and its worker threads (V8 flags are per process) run with it.
 */
function heapGrowingPercent(): number {
  const percent = Number(process.env.FERRY_HEAP_GROWING_PERCENT ?? 100);
  return Number.isInteger(percent) && percent >= 0 ? percent : 100;
}

function gcFunction(): Collect {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    const percent = heapGrowingPercent();
    if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
    collect = runInNewContext('gc') as Collect;
  }
  return collect;
}

/** FERRY_GC_EVERY_MIB overrides the interval (0 turns the janitor off); default `defaultMib`. */
function janitorIntervalBytes(defaultMib = 32): number {
  const mib = Number(process.env.FERRY_GC_EVERY_MIB ?? defaultMib);
  return Number.isFinite(mib) ? mib * 1024 * 1024 : defaultMib * 1024 * 1024;
}

/**
 * Keeps the memory of streamed chunks bounded. A chunk is a 1 MiB buffer outside the JS heap that
 * V8 frees only when a GC finds its small wrapper dead; a process moving hundreds of MiB/s through
 * an almost idle heap would otherwise hold tens of MiB of dead chunks. Calling `track(bytes)` for
 * every chunk runs a cheap young-generation collection after each `everyBytes`. Buffers still in
 * flight at a young collection get promoted and then wait for a full one, which V8 starts after
 * 64 MiB more external memory.
 */
export function createGarbageJanitor(everyBytes = janitorIntervalBytes()): { track(bytes: number): void } {
  if (everyBytes <= 0) return { track: () => undefined };
  const gc = gcFunction();
  let since = 0;
  return {
    track(bytes: number) {
      since += bytes;
      if (since < everyBytes) return;
      since = 0;
      gc({ type: 'minor' });
    },
  };
}

let frameJanitor: { track(bytes: number): void } | undefined;

/**
 * The janitor of a process that relays or receives sealed frames on its main thread (prem-manager,
 * cloud-manager, prem-esxi-manager's block writer): call it with each frame's wire bytes. Each frame is
 * allocated there two or three times outside the heap (HTTP/2 DATA chunks, gRPC's message buffer, the
 * framed copy it sends) behind wrappers of a few dozen bytes, so the young generation hardly fills and
 * the dead buffers wait for a full collection. A young collection every 8 MiB of frames
 * (FERRY_GC_EVERY_MIB) frees them while they are young, for well under a millisecond each: cloud-manager
 * went from 13 mark-compacts of its whole heap per bench run to 1-2 (`--trace-gc`).
 */
export function trackFrameGarbage(bytes: number): void {
  (frameJanitor ??= createGarbageJanitor(janitorIntervalBytes(8))).track(bytes);
}
