import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;
let collect: Collect | undefined;

function gcFunction(): Collect {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  return collect;
}

/** FERRY_GC_EVERY_MIB overrides the interval (0 turns the janitor off); default 32 MiB. */
function janitorIntervalBytes(): number {
  const mib = Number(process.env.FERRY_GC_EVERY_MIB ?? 32);
  return Number.isFinite(mib) ? mib * 1024 * 1024 : 32 * 1024 * 1024;
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
