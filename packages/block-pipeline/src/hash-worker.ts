// Worker thread of HashPool.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { isAllZero, sha256, zeroChunkHash } from './hashing';

// Same reason as in seal-worker: free the moved-in chunk buffers promptly.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let hashed = 0;

parentPort?.on('message', ({ id, data }: { id: number; data: Uint8Array }) => {
  const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  parentPort?.postMessage({ id, hash: isAllZero(chunk) ? zeroChunkHash(chunk.length) : sha256(chunk) });
  // Young collections are enough for most chunk buffers and cheap; a full one now and then frees the few that got promoted
  // (a full collection every few chunks cost more CPU than the hashing).
  if (++hashed % 4 === 0) collect({ type: hashed % 64 === 0 ? 'major' : 'minor' });
});
