// Worker thread of SealPool: one FrameSealer per open session.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type { SealReply, SealRequest } from './seal-pool';
import { FrameSealer } from './sender-session';
import { withWireMessage } from './wire-codec';

const sealers = new Map<string, FrameSealer>();

// Every chunk leaves a 1 MiB input buffer behind. V8 frees such external memory only at a GC, which
// an almost empty heap rarely needs, so garbage chunks would pile up to ~64 MiB per worker. A
// collection of this tiny heap every few chunks costs well under a millisecond and keeps RSS flat.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let sealed = 0;
const asBuffer = (u: Uint8Array | undefined): Buffer | undefined => (u === undefined ? undefined : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

parentPort?.on('message', (request: SealRequest) => {
  if (request.kind === 'open') {
    const params = { ...request.params, sessionId: asBuffer(request.params.sessionId)!, salt: asBuffer(request.params.salt)! };
    sealers.set(request.session, new FrameSealer(asBuffer(request.key)!, params, request.level));
  } else if (request.kind === 'close') sealers.delete(request.session);
  else {
    let reply: SealReply;
    try {
      const sealer = sealers.get(request.session);
      if (sealer === undefined) throw new Error(`seal worker has no session ${request.session}`);
      const chunk = { ...request.chunk, data: asBuffer(request.chunk.data), sha256: asBuffer(request.chunk.sha256) };
      reply = { id: request.id, frame: withWireMessage(sealer.seal(request.counter, chunk)) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    const f = reply.frame;
    // Move, not copy, the encoded message back when it owns its memory (small zero-chunk frames share a pool slab).
    const wire = f?.wire;
    const transfer = wire !== undefined && wire.byteOffset === 0 && wire.buffer.byteLength === wire.byteLength ? [wire.buffer as ArrayBuffer] : [];
    parentPort?.postMessage(reply, transfer);
    // Young collections are enough for most chunk buffers and cheap; a full one now and then frees the few that got promoted
  // (a full collection every few chunks cost more CPU than the hashing).
  if (++sealed % 4 === 0) collect({ type: sealed % 64 === 0 ? 'major' : 'minor' });
  }
});
