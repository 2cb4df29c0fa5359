import { createCipheriv, randomBytes } from 'node:crypto';
import { IllegalStateError, ValidationError } from '@ferry/errors';
import { chunkAad, finalAad, type StreamIdentity } from './aad';
import { ChunkCompressor, Encoding } from './compression';
import type { ChunkFrame, FinalFrame, SessionParams } from './frames';
import { sha256, zeroChunkHash } from './hashing';
import { counterNonce, deriveSessionKey } from './keys';

/** A chunk ready to seal: `data` undefined means a zero range. */
export interface PlainChunk {
  index: number;
  offset: number;
  length: number;
  data?: Buffer;
  /** Precomputed plaintext hash; computed here when absent. */
  sha256?: Buffer;
  /**
   * Set when the chunk was prepared next to the source: `data` is then the payload in this encoding
   * (zstd or raw, chosen there by the same ChunkCompressor) and `sha256` the plaintext's hash; only encryption remains.
   */
  encoding?: Encoding;
}

function prepared(chunk: PlainChunk): { encoding: Encoding; payload: Buffer } | undefined {
  if (chunk.encoding === undefined || chunk.data === undefined) return undefined;
  if (chunk.sha256 === undefined) throw new ValidationError('chunk.sha256', `chunk ${chunk.index} arrived prepared (encoding ${chunk.encoding}) without its plaintext hash; the source must send both`);
  if (chunk.encoding !== Encoding.Raw && chunk.encoding !== Encoding.Zstd) throw new ValidationError('chunk.encoding', `chunk ${chunk.index} arrived prepared with encoding ${chunk.encoding}; only raw (2) and zstd (3) carry data`);
  if (chunk.encoding === Encoding.Raw && chunk.data.length !== chunk.length) throw new ValidationError('chunk.data', `raw chunk ${chunk.index} carries ${chunk.data.length} bytes, its range is ${chunk.length}`);
  return { encoding: chunk.encoding, payload: chunk.data };
}

/**
 * The stateless half of sealing: hash, compress unless incompressible, encrypt under the session
 * key with the nonce of a given counter. Prepare workers at the source hold one per session (see PreparePool).
 */
export class FrameSealer {
  private readonly compressor: ChunkCompressor;

  constructor(
    private readonly key: Buffer,
    readonly params: SessionParams,
    compressionLevel = 1,
  ) {
    this.compressor = new ChunkCompressor(compressionLevel);
  }

  seal(counter: number, chunk: PlainChunk): ChunkFrame {
    const plaintextSha256 = chunk.sha256 ?? (chunk.data === undefined ? zeroChunkHash(chunk.length) : sha256(chunk.data));
    const { encoding, payload } = chunk.data === undefined ? { encoding: Encoding.Zero, payload: Buffer.alloc(0) } : prepared(chunk) ?? this.compressor.compress(chunk.data);
    const cipher = createCipheriv('aes-256-gcm', this.key, counterNonce(counter), { authTagLength: 16 });
    cipher.setAAD(chunkAad(this.params, { index: chunk.index, offset: chunk.offset, length: chunk.length, encoding, plaintextSha256 }));
    const ciphertext = payload.length === 0 ? Buffer.alloc(0) : cipher.update(payload);
    cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
    return { sessionId: this.params.sessionId, counter, index: chunk.index, offset: chunk.offset, length: chunk.length, encoding, plaintextSha256, ciphertext, tag: cipher.getAuthTag() };
  }
}

/**
 * One sending session of one disk: a fresh salt (so a fresh key) and a counter that never repeats.
 * Every resume creates a new SenderSession, so no (key, nonce) pair is ever used twice.
 * Counters can be reserved first and sealed elsewhere (a worker), in any order; frames must then
 * be sent in counter order.
 */
export class SenderSession {
  readonly params: SessionParams;
  /** The session key; handed to the source of this session (sealed reads) over mutual TLS, never the data key. */
  readonly key: Buffer;
  private readonly sealer: FrameSealer;
  private counter = 0;
  private frames = 0;
  private finished = false;

  constructor(dataKey: Buffer, identity: StreamIdentity, compressionLevel = 1) {
    const salt = randomBytes(32);
    this.params = { ...identity, sessionId: randomBytes(16), salt };
    this.key = deriveSessionKey(dataKey, salt, identity.migrationId, identity.diskId);
    this.sealer = new FrameSealer(this.key, this.params, compressionLevel);
  }

  /** Takes the next counter for one chunk frame. */
  reserve(): number {
    return this.reserveBlock(1);
  }

  /** Takes the next `count` counters for frames sealed elsewhere (at the source); returns the first. */
  reserveBlock(count: number): number {
    if (this.finished) throw new IllegalStateError(`session ${this.params.sessionId.toString('hex')} is finished; open a new session to send more chunks`);
    const first = this.counter;
    this.counter += count;
    this.frames += count;
    return first;
  }

  /** Hashes (unless given), compresses unless incompressible, encrypts, with the next counter. */
  seal(chunk: PlainChunk): ChunkFrame {
    return this.sealer.seal(this.reserve(), chunk);
  }

  /** Seals the end of the stream: the number of chunk frames sent and the whole-disk digest. */
  sealFinal(diskDigest: Buffer): FinalFrame {
    const counter = this.counter++;
    const cipher = createCipheriv('aes-256-gcm', this.key, counterNonce(counter), { authTagLength: 16 });
    cipher.setAAD(finalAad(this.params, this.frames, diskDigest));
    cipher.final();
    this.finished = true;
    return { sessionId: this.params.sessionId, counter, frames: this.frames, diskDigest, tag: cipher.getAuthTag() };
  }
}
