import { createDecipheriv } from 'node:crypto';
import { IntegrityError, ValidationError } from '@ferry/errors';
import { chunkAad, finalAad } from './aad';
import { chunkRange, chunkCount } from './chunk-plan';
import { ChunkDecompressor, Encoding } from './compression';
import type { ChunkFrame, FinalFrame, SessionParams, VerifiedChunk } from './frames';
import { sha256, zeroChunkHash } from './hashing';
import { counterNonce, deriveSessionKey } from './keys';

/** Geometry of the target the receiver checks frames against. */
export interface DiskGeometry {
  virtualSize: number;
  chunkSize: number;
}

function sessionLabel(params: SessionParams): string {
  return `migration ${params.migrationId} disk ${params.diskId} generation ${params.generation} session ${Buffer.from(params.sessionId).toString('hex')}`;
}

/**
 * The stateless, costly half of verification: check the tag over the associated data, restore the
 * plaintext and check its SHA-256. Holds no order state, so worker threads run one per session
 * (see OpenPool) after ReceiverSession.admitChunk has checked the frame's place in the stream.
 */
export class FrameOpener {
  private readonly decompressor = new ChunkDecompressor();
  private readonly label: string;

  constructor(
    private readonly key: Buffer,
    private readonly params: SessionParams,
  ) {
    this.label = sessionLabel(params);
  }

  /** `into`: restore the plaintext into this buffer (at least the frame's length) instead of a new one. */
  open(frame: ChunkFrame, into?: Buffer): VerifiedChunk {
    const what = `chunk frame ${frame.index} (counter ${frame.counter})`;
    const decipher = createDecipheriv('aes-256-gcm', this.key, counterNonce(frame.counter), { authTagLength: 16 });
    decipher.setAAD(chunkAad(this.params, frame));
    decipher.setAuthTag(frame.tag);
    let payload: Buffer;
    try {
      payload = frame.ciphertext.length === 0 ? Buffer.alloc(0) : decipher.update(frame.ciphertext);
      decipher.final();
    } catch (cause) {
      throw new IntegrityError(`${this.label}: ${what}: authentication tag does not verify (ciphertext, tag, nonce or associated data altered); the chunk is not written`, { cause });
    }
    const zero = frame.encoding === Encoding.Zero;
    if (zero && payload.length !== 0) throw new IntegrityError(`${this.label}: ${what} is a zero range but carries ${payload.length} payload bytes`);
    const where = `${this.label}: ${what}`;
    const plaintext = into !== undefined ? this.decompressor.restoreInto(frame.encoding, payload, into, frame.length, where) : this.decompressor.restore(frame.encoding, payload, frame.length, where);
    const digest = zero ? zeroChunkHash(frame.length) : sha256(plaintext);
    if (!digest.equals(frame.plaintextSha256)) {
      throw new IntegrityError(`${this.label}: ${what}: plaintext SHA-256 ${digest.toString('hex')} differs from the announced ${Buffer.from(frame.plaintextSha256).toString('hex')}`);
    }
    return { index: frame.index, offset: frame.offset, length: frame.length, zero, plaintext, sha256: digest };
  }
}

/**
 * The receiver-side verifier of one session. It accepts a frame only when it belongs to this
 * session, comes exactly in counter order (no replay, no gap; once the session's frames come over several
 * connections, a chunk frame may come up to a bounded distance ahead, each counter still once), its tag verifies over the associated
 * data, its range is the chunk's range (or, in a session that takes spans, a part of it), and the
 * restored plaintext has the announced SHA-256.
 * finish() insists on a final frame whose count matches; a stream cut short never completes.
 */
export class ReceiverSession {
  private readonly key: Buffer;
  private readonly opener: FrameOpener;
  /** The lowest counter not admitted yet. */
  private expectedCounter = 0;
  /** Counters admitted ahead of expectedCounter (only while out-of-order admission is on). */
  private readonly ahead = new Set<number>();
  /** How far ahead of expectedCounter a chunk frame may be admitted: 0 admits strictly in order. */
  private reorderWindow = 0;
  private accepted = 0;
  private final: FinalFrame | undefined;

  constructor(
    dataKey: Buffer,
    readonly params: SessionParams,
    private readonly geometry: DiskGeometry,
    /** Frames may carry a span of their chunk (a changed-list delta into a target that holds the rest). */
    private readonly takesSpans = false,
  ) {
    this.key = deriveSessionKey(dataKey, params.salt, params.migrationId, params.diskId);
    this.opener = new FrameOpener(this.key, params);
  }

  private get label(): string {
    return sessionLabel(this.params);
  }

  /**
   * The session's chunk frames now come over several connections (stripes): a chunk frame may be admitted
   * up to `window` counters ahead of the lowest one not admitted yet, so a connection that waits for a
   * lost segment holds back only its own frames. Each counter is still admitted once, and the final frame
   * only after every counter before it.
   */
  admitOutOfOrder(window: number): void {
    if (!Number.isSafeInteger(window) || window < 1) throw new ValidationError('window', `must be a positive whole number of frames, got ${window}`);
    this.reorderWindow = window;
  }

  private checkEnvelope(sessionId: Buffer, counter: number, what: string, mayComeAhead: boolean): void {
    if (this.final !== undefined) throw new IntegrityError(`${this.label}: ${what} arrived after the final frame; the stream is closed`);
    if (!sessionId.equals(this.params.sessionId)) {
      throw new IntegrityError(`${this.label}: ${what} belongs to session ${sessionId.toString('hex')}, not this stream's session; the frame is rejected`);
    }
    if (counter < this.expectedCounter || this.ahead.has(counter)) {
      throw new IntegrityError(`${this.label}: ${what} replays counter ${counter} (next expected ${this.expectedCounter}); a replayed frame is rejected`);
    }
    if (counter === this.expectedCounter) return;
    if (!mayComeAhead || this.reorderWindow === 0) {
      throw new IntegrityError(`${this.label}: ${what} has counter ${counter} but ${this.expectedCounter} was expected; frames were lost or reordered`);
    }
    if (counter - this.expectedCounter >= this.reorderWindow) {
      throw new IntegrityError(`${this.label}: ${what} is ${counter - this.expectedCounter} counters ahead of ${this.expectedCounter}, which has not arrived (at most ${this.reorderWindow - 1} ahead); frames were lost, the session is retried`);
    }
  }

  /** Counts `counter` as admitted: the next expected one moves past it and past every counter admitted ahead. */
  private admit(counter: number): void {
    if (counter !== this.expectedCounter) {
      this.ahead.add(counter);
      return;
    }
    this.expectedCounter++;
    while (this.ahead.delete(this.expectedCounter)) this.expectedCounter++;
  }

  /** Takes back the admission of `counter` (a frame that then failed to open), as if it had not come. */
  private retract(counter: number): void {
    if (this.ahead.delete(counter)) return;
    for (let later = counter + 1; later < this.expectedCounter; later++) this.ahead.add(later);
    this.expectedCounter = counter;
  }

  /**
   * The in-order half of verification: the frame belongs to this session, comes in counter order (or
   * within the window admitOutOfOrder allowed, each counter once), and claims its chunk's range, or a span
   * of it in a session that takes spans. Returns whether the frame is such a span (the receiver then hashes
   * the whole chunk after writing it). Counts the counter as admitted, so the next frame can be admitted
   * while this one is still being opened (on a worker); a frame that then fails to open fails the stream.
   */
  admitChunk(frame: ChunkFrame): { span: boolean } {
    const what = `chunk frame ${frame.index} (counter ${frame.counter})`;
    this.checkEnvelope(frame.sessionId, frame.counter, what, true);
    const total = chunkCount(this.geometry.virtualSize, this.geometry.chunkSize);
    if (!Number.isInteger(frame.index) || frame.index < 0 || frame.index >= total) throw new IntegrityError(`${this.label}: ${what} has index outside 0..${total - 1}`);
    const range = chunkRange(frame.index, this.geometry.virtualSize, this.geometry.chunkSize);
    const span = frame.offset !== range.offset || frame.length !== range.length;
    const inside = frame.length > 0 && frame.offset >= range.offset && frame.offset + frame.length <= range.offset + range.length;
    if (span && !(this.takesSpans && inside && frame.encoding !== Encoding.Zero)) {
      const hint = this.takesSpans ? ' (a span must lie inside it and carry data)' : '';
      throw new IntegrityError(`${this.label}: ${what} claims bytes ${frame.offset}+${frame.length}, chunk ${frame.index} is ${range.offset}+${range.length}${hint}`);
    }
    if (frame.tag.length !== 16) throw new IntegrityError(`${this.label}: ${what} carries a ${frame.tag.length}-byte tag; 16 bytes are required`);
    this.admit(frame.counter);
    return { span };
  }

  /** Counts an admitted frame whose tag and hash verified (the final frame must count exactly these). */
  markAccepted(): void {
    this.accepted++;
  }

  /** The session key, for openers on worker threads of this process only. */
  get sessionKey(): Buffer {
    return this.key;
  }

  /** Verifies and restores one chunk frame; throws IntegrityError and accepts nothing otherwise. */
  openChunk(frame: ChunkFrame): VerifiedChunk {
    this.admitChunk(frame);
    try {
      const verified = this.opener.open(frame);
      this.accepted++;
      return verified;
    } catch (error) {
      this.retract(frame.counter);
      throw error;
    }
  }

  /** Verifies the final frame: authentic, in order, and counting exactly the frames accepted. */
  openFinal(frame: FinalFrame): { diskDigest: Buffer; frames: number } {
    this.checkEnvelope(frame.sessionId, frame.counter, `final frame (counter ${frame.counter})`, false);
    if (this.ahead.size > 0) {
      throw new IntegrityError(`${this.label}: final frame (counter ${frame.counter}) comes after ${this.ahead.size} chunk frame(s) with later counters; the transfer is not completed`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, counterNonce(frame.counter), { authTagLength: 16 });
    decipher.setAAD(finalAad(this.params, frame.frames, frame.diskDigest));
    try {
      decipher.setAuthTag(frame.tag);
      decipher.final();
    } catch (cause) {
      throw new IntegrityError(`${this.label}: final frame: authentication tag does not verify; the transfer is not completed`, { cause });
    }
    if (frame.frames !== this.accepted) {
      throw new IntegrityError(`${this.label}: final frame counts ${frame.frames} chunk frames, ${this.accepted} arrived; the transfer is not completed`);
    }
    this.expectedCounter++;
    this.final = frame;
    return { diskDigest: frame.diskDigest, frames: frame.frames };
  }

  /** Call when the stream ends: a stream without its final frame was cut and does not complete. */
  finish(): { diskDigest: Buffer; frames: number } {
    if (this.final === undefined) {
      throw new IntegrityError(`${this.label}: stream ended after ${this.accepted} chunk frames without its final frame (cut short); verified chunks are kept and the transfer resumes`);
    }
    return { diskDigest: this.final.diskDigest, frames: this.final.frames };
  }

  get acceptedFrames(): number {
    return this.accepted;
  }
}

/** A session's identity as a SessionOpen or a SealSpec carries it, checked by validateSessionParams. */
export function sessionParamsOf(fields: { migrationId?: string | null; diskId?: string | null; generation?: number | null; sessionId?: Uint8Array | null; salt?: Uint8Array | null }, message = 'open'): SessionParams {
  const bytes = (u: Uint8Array | null | undefined): Buffer => (u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength) : Buffer.alloc(0));
  const params = { migrationId: fields.migrationId ?? '', diskId: fields.diskId ?? '', generation: fields.generation ?? 0, sessionId: bytes(fields.sessionId), salt: bytes(fields.salt) };
  validateSessionParams(params, message);
  return params;
}

/** Checks that a session's identity fields are usable before any key is derived; `message` names where they came from. */
function validateSessionParams(params: SessionParams, message: string): void {
  if (params.migrationId === '') throw new ValidationError(`${message}.migrationId`, 'is empty; every stream names its migration');
  if (params.diskId === '') throw new ValidationError(`${message}.diskId`, 'is empty; every stream names its disk');
  if (params.sessionId.length !== 16) throw new ValidationError(`${message}.sessionId`, `must be 16 bytes, got ${params.sessionId.length}`);
  if (params.salt.length !== 32) throw new ValidationError(`${message}.salt`, `must be 32 random bytes, got ${params.salt.length}`);
}
