// Worker thread of OpenPool: one ChunkLanding per open session.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { IntegrityError } from '@ferry/errors';
import { ChunkLanding } from './chunk-landing';
import type { OpenReply, OpenRequest } from './open-pool';

const landings = new Map<string, ChunkLanding>();
const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

// As in prepare-worker: ciphertexts moved in and plaintexts made here are external memory that only a
// GC frees; collecting this tiny heap every few chunks keeps RSS flat and costs well under a millisecond.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let landed = 0;

parentPort?.on('message', (request: OpenRequest) => {
  if (request.kind === 'open') {
    try {
      const params = { ...request.params, sessionId: asBuffer(request.params.sessionId), salt: asBuffer(request.params.salt) };
      landings.set(request.session, new ChunkLanding(asBuffer(request.key), params, request.targetPath));
    } catch {
      // The first chunk of this session then fails with "no session", naming the cause below.
    }
  } else if (request.kind === 'close') {
    void landings.get(request.session)?.close();
    landings.delete(request.session);
  } else {
    void land(request).then((reply) => {
      parentPort?.postMessage(reply);
      // Young collections are enough for most chunk buffers and cheap; a full one now and then frees
      // the few that got promoted (a full collection every few chunks cost more CPU than the hashing).
      if (++landed % 4 === 0) collect({ type: landed % 64 === 0 ? 'major' : 'minor' });
    });
  }
});

/** Verifies and writes one frame; the write runs on the thread pool while the next frames are opened. */
async function land(request: Extract<OpenRequest, { kind: 'chunk' }>): Promise<OpenReply> {
  try {
    const landing = landings.get(request.session);
    if (landing === undefined) throw new Error(`open worker has no session ${request.session} (its target could not be opened, or the worker was replaced)`);
    const f = request.frame;
    const frame = { ...f, sessionId: asBuffer(f.sessionId), plaintextSha256: asBuffer(f.plaintextSha256), ciphertext: asBuffer(f.ciphertext), tag: asBuffer(f.tag) };
    return { id: request.id, ...(await landing.land(frame, request.writeZeros, request.chunk)) };
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    return { id: request.id, error: error instanceof Error ? error.message : String(error), integrity: error instanceof IntegrityError, ...(typeof errno === 'string' ? { errno } : {}) };
  }
}
