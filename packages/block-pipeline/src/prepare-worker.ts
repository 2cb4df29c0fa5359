// Worker thread of PreparePool: SHA-256 and zstd of chunks next to the source disk.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { ChunkCompressor, Encoding } from './compression';
import { isAllZero, sha256, zeroChunkHash } from './hashing';
import type { PrepareReply, PrepareRequest } from './prepare-pool';

const compressors = new Map<number, ChunkCompressor>();

// As in seal-worker: compressed outputs are external memory only a GC frees; this heap is tiny.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let prepared = 0;

parentPort?.on('message', ({ id, data, level, hashOnly, out }: PrepareRequest) => {
  let reply: PrepareReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const plain = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (hashOnly === true) {
      parentPort?.postMessage({ id, sha256: isAllZero(plain) ? zeroChunkHash(plain.length) : sha256(plain) } satisfies PrepareReply);
      if (++prepared % 4 === 0) collect({ type: prepared % 64 === 0 ? 'major' : 'minor' });
      return;
    }
    let compressor = compressors.get(level);
    if (compressor === undefined) compressors.set(level, (compressor = new ChunkCompressor(level)));
    const hash = sha256(plain);
    const { encoding, payload } = compressor.compress(plain);
    // Raw: the caller still holds the plaintext (it was shared or copied in), so nothing travels back.
    if (encoding === Encoding.Raw) reply = { id, encoding, sha256: hash };
    else if (out !== undefined && out.length >= payload.length) {
      // Into the caller's shared buffer: the caller's isolate gets no new payload buffer to collect.
      payload.copy(out);
      reply = { id, encoding, sha256: hash, payloadLength: payload.length };
    } else {
      reply = { id, encoding, sha256: hash, payload };
      if (payload.byteOffset === 0 && payload.buffer.byteLength === payload.byteLength) transfer = [payload.buffer as ArrayBuffer];
    }
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, transfer);
  // Young collections are enough for most chunk buffers and cheap; a full one now and then frees the few that got promoted
  // (a full collection every few chunks cost more CPU than the hashing).
  if (++prepared % 4 === 0) collect({ type: prepared % 64 === 0 ? 'major' : 'minor' });
});
