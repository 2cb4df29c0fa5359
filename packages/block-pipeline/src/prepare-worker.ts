// Worker thread of PreparePool: SHA-256, zstd and (sealed reads) AES-GCM of chunks next to the source disk.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { ChunkPreparer, type SourceSession } from './chunk-preparer';
import { isAllZero, sha256, zeroChunkHash } from './hashing';
import type { PrepareReply, PrepareRequest } from './prepare-pool';

const preparer = new ChunkPreparer();
const sessions = new Map<string, SourceSession>();
const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

// Compressed outputs and ciphertexts are external memory only a GC frees; this heap is tiny, so
// a young collection every few chunks and a full one now and then are cheap and keep RSS flat.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let handled = 0;

function answer(request: Exclude<PrepareRequest, { kind: 'open' | 'close' }>): { reply: PrepareReply; transfer: ArrayBuffer[] } {
  const plain = asBuffer(request.data);
  if (request.kind === 'hash') return { reply: { id: request.id, sha256: isAllZero(plain) ? zeroChunkHash(plain.length) : sha256(plain) }, transfer: [] };
  if (request.kind === 'seal') {
    const session = sessions.get(request.session);
    if (session === undefined) throw new Error(`prepare worker has no sealing session ${request.session} (the worker was replaced); the stream fails and prem-manager opens a new session`);
    const { frame, encodedLength, chunkSha256, sample } = session.seal(request.counter, request.index, request.offset, plain, asBuffer(request.out), request.level, request.span, request.sampleLevel);
    // An output buffer that moved here (not shared) moves back with the answer.
    const moved = !(request.out.buffer instanceof SharedArrayBuffer);
    return { reply: { id: request.id, encoding: frame.encoding, sha256: chunkSha256, encodedLength, ciphertextLength: frame.ciphertext.length, ...(sample === undefined ? {} : { sample }), ...(moved ? { out: request.out } : {}) }, transfer: moved ? [request.out.buffer as ArrayBuffer] : [] };
  }
  throw new Error(`prepare worker got a request of unknown kind ${(request as { kind: string }).kind}`);
}

parentPort?.on('message', (request: PrepareRequest) => {
  if (request.kind === 'open') {
    sessions.set(request.session, preparer.openSession(asBuffer(request.key), { ...request.params, sessionId: asBuffer(request.params.sessionId), salt: asBuffer(request.params.salt) }));
    return;
  }
  if (request.kind === 'close') {
    sessions.delete(request.session);
    return;
  }
  let result: { reply: PrepareReply; transfer: ArrayBuffer[] };
  try {
    result = answer(request);
  } catch (error) {
    result = { reply: { id: request.id, error: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
  parentPort?.postMessage(result.reply, result.transfer);
  if (++handled % 4 === 0) collect({ type: handled % 64 === 0 ? 'major' : 'minor' });
});
