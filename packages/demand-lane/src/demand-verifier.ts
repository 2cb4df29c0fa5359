import { chunkRange, deriveSessionKey, FrameOpener, sessionParamsOf, toNumber, unwrapDataKey, type ChunkFrame, type Encoding, type VerifiedChunk } from '@ferry/block-pipeline';
import { IntegrityError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { ReplayWindow } from './replay-window';

/** What the asker expects of the chunks answering one request. */
export interface DemandExpectation {
  migrationId: string;
  diskId: string;
  virtualSize: number;
  chunkSize: number;
  /** Indexes asked for and not yet answered. */
  wanted: ReadonlySet<number>;
}

interface OpenSession {
  opener: FrameOpener;
  replay: ReplayWindow;
}

const bytes = (u: Uint8Array | null | undefined): Buffer => (u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength) : Buffer.alloc(0));
/** Sessions whose keys are kept; a lane uses one per disk, so this is plenty. */
const MAX_SESSIONS = 256;

/**
 * The cloud cache's check of a demand frame before it serves a byte: the frame belongs to the
 * migration and disk asked for, to a demand session (generation 0), answers an index still wanted,
 * has not been accepted before in its session, its tag verifies over the associated data and the
 * restored plaintext has the announced SHA-256. Keys come from the wrapped data key and the site key,
 * as at the bulk receiver.
 */
export class DemandVerifier {
  private readonly sessions = new Map<string, OpenSession>();
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(private readonly siteKey: Buffer) {}

  open(chunk: ferry.dataplane.v1.IDemandChunk, expect: DemandExpectation): VerifiedChunk {
    const open = chunk.session;
    if (open === null || open === undefined) throw new IntegrityError('demand chunk without its session; the frame is rejected');
    const params = sessionParamsOf(open, 'demand.session');
    const label = `demand frame for ${expect.migrationId}/${expect.diskId}`;
    if (params.migrationId !== expect.migrationId || params.diskId !== expect.diskId) {
      throw new IntegrityError(`${label} is sealed for ${params.migrationId}/${params.diskId}; the frame is rejected`);
    }
    if (params.generation !== 0) throw new IntegrityError(`${label} claims generation ${params.generation}; demand frames are sealed in generation 0 only`);
    const frame = toFrame(chunk.sealed, label);
    if (!frame.sessionId.equals(params.sessionId)) throw new IntegrityError(`${label}: the frame's session differs from the session it came with`);
    if (!expect.wanted.has(frame.index)) throw new IntegrityError(`${label}: chunk ${frame.index} was not asked for (or already answered); the frame is rejected`);
    const range = chunkRange(frame.index, expect.virtualSize, expect.chunkSize);
    if (frame.offset !== range.offset || frame.length !== range.length) throw new IntegrityError(`${label}: chunk ${frame.index} claims bytes ${frame.offset}+${frame.length}, the chunk is ${range.offset}+${range.length}`);
    if (frame.tag.length !== 16) throw new IntegrityError(`${label}: a ${frame.tag.length}-byte tag; 16 bytes are required`);
    const { id, session, known } = this.session(params, bytes(open.wrappedDataKey));
    const replay = session.replay.check(frame.counter);
    if (replay !== undefined) throw new IntegrityError(`${label}: chunk ${frame.index} ${replay}; a replayed frame is rejected`);
    const verified = session.opener.open(frame);
    session.replay.accept(frame.counter);
    // Kept only once a frame of it verified: bogus sessions cannot push a real one (and its replay window) out.
    if (!known) this.remember(id, session);
    return verified;
  }

  private session(params: ReturnType<typeof sessionParamsOf>, wrapped: Buffer): { id: string; session: OpenSession; known: boolean } {
    // Keyed by the whole identity, not the id alone: a session relabelled with another disk or migration must not reuse this opener.
    const id = [params.migrationId, params.diskId, params.sessionId.toString('hex'), params.salt.toString('hex')].join('\0');
    const cached = this.sessions.get(id);
    if (cached !== undefined) return { id, session: cached, known: true };
    const keyId = `${params.migrationId}\0${wrapped.toString('hex')}`;
    let dataKey = this.dataKeys.get(keyId);
    if (dataKey === undefined) {
      dataKey = unwrapDataKey(this.siteKey, wrapped, params.migrationId);
      this.dataKeys.set(keyId, dataKey);
    }
    const session = { opener: new FrameOpener(deriveSessionKey(dataKey, params.salt, params.migrationId, params.diskId), params), replay: new ReplayWindow() };
    return { id, session, known: false };
  }

  private remember(id: string, session: OpenSession): void {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(id, session);
  }
}

function toFrame(sealed: Uint8Array | null | undefined, label: string): ChunkFrame {
  let message: ferry.dataplane.v1.SenderMessage;
  try {
    message = ferry.dataplane.v1.SenderMessage.decode(bytes(sealed));
  } catch (cause) {
    throw new IntegrityError(`${label}: the sealed frame does not decode; it is rejected`, { cause });
  }
  const c = message.chunk;
  if (c === null || c === undefined) throw new IntegrityError(`${label}: no chunk frame in the sealed message`);
  return {
    sessionId: bytes(c.sessionId), counter: toNumber(c.counter), index: c.index ?? 0, offset: toNumber(c.offset), length: c.length ?? 0,
    encoding: (c.encoding ?? 0) as Encoding, plaintextSha256: bytes(c.plaintextSha256), ciphertext: bytes(c.ciphertext), tag: bytes(c.tag),
  };
}
