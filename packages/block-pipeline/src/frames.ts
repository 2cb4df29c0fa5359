import type { Encoding } from './compression';

/** A sealed chunk as it travels (mirrors ferry.dataplane.v1.ChunkFrame). */
export interface ChunkFrame {
  sessionId: Buffer;
  /** Position in the session; the GCM nonce is derived from it. */
  counter: number;
  index: number;
  offset: number;
  length: number;
  encoding: Encoding;
  plaintextSha256: Buffer;
  /** Empty for zero chunks: the tag still authenticates the zero range. */
  ciphertext: Buffer;
  tag: Buffer;
  /**
   * The encoded ferry.dataplane.v1.SenderMessage carrying this frame, when the sealer made it (seal
   * workers do, so the main thread sends it without encoding or copying it again); `ciphertext` is then a view into it.
   */
  wire?: Buffer;
}

/** The last frame of a session: the count of chunk frames and the whole-disk digest, sealed. */
export interface FinalFrame {
  sessionId: Buffer;
  counter: number;
  frames: number;
  diskDigest: Buffer;
  tag: Buffer;
}

/** What a session opener tells the receiver (the rest of ferry.dataplane.v1.SessionOpen). */
export interface SessionParams {
  migrationId: string;
  diskId: string;
  generation: number;
  sessionId: Buffer;
  salt: Buffer;
}

/** A chunk the verifier has accepted: authentic, in order, hash-checked. */
export interface VerifiedChunk {
  index: number;
  offset: number;
  length: number;
  zero: boolean;
  plaintext: Buffer;
  sha256: Buffer;
}

/**
 * What one chunk frame counts on the wire: its ciphertext plus a fixed 96 bytes for the frame's other
 * fields. TransferStatus.wire_bytes, both sides' wire-byte metrics and a transfer's rate cap all count so.
 */
export function frameWireBytes(ciphertextLength: number): number {
  return ciphertextLength + 96;
}

/** The least wire-rate cap a transfer takes (StartTransferRequest.max_bytes_per_second, a plan's per-disk cap). */
export const MIN_TRANSFER_BYTES_PER_SECOND = 1024 * 1024;
