import { createCipheriv, randomBytes } from 'node:crypto';
import { IllegalStateError } from '@ferry/errors';
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
}

/**
 * One sending session of one disk: a fresh salt (so a fresh key) and a counter that never repeats.
 * Every resume creates a new SenderSession, so no (key, nonce) pair is ever used twice.
 */
export class SenderSession {
  readonly params: SessionParams;
  private readonly key: Buffer;
  private readonly compressor: ChunkCompressor;
  private counter = 0;
  private frames = 0;
  private finished = false;

  constructor(dataKey: Buffer, identity: StreamIdentity, compressionLevel = 1) {
    const salt = randomBytes(32);
    this.params = { ...identity, sessionId: randomBytes(16), salt };
    this.key = deriveSessionKey(dataKey, salt, identity.migrationId, identity.diskId);
    this.compressor = new ChunkCompressor(compressionLevel);
  }

  /** Hashes (unless given), compresses unless incompressible, encrypts. */
  seal(chunk: PlainChunk): ChunkFrame {
    if (this.finished) throw new IllegalStateError(`session ${this.params.sessionId.toString('hex')} is finished; open a new session to send chunk ${chunk.index}`);
    const plaintextSha256 = chunk.sha256 ?? (chunk.data === undefined ? zeroChunkHash(chunk.length) : sha256(chunk.data));
    const { encoding, payload } = chunk.data === undefined ? { encoding: Encoding.Zero, payload: Buffer.alloc(0) } : this.compressor.compress(chunk.data);
    const counter = this.counter++;
    const cipher = createCipheriv('aes-256-gcm', this.key, counterNonce(counter), { authTagLength: 16 });
    cipher.setAAD(chunkAad(this.params, { index: chunk.index, offset: chunk.offset, length: chunk.length, encoding, plaintextSha256 }));
    const ciphertext = payload.length === 0 ? Buffer.alloc(0) : cipher.update(payload);
    cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
    this.frames++;
    return { sessionId: this.params.sessionId, counter, index: chunk.index, offset: chunk.offset, length: chunk.length, encoding, plaintextSha256, ciphertext, tag: cipher.getAuthTag() };
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
