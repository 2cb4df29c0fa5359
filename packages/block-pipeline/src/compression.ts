import { Decompressor } from 'zstd-napi';
import { CCtx, CParameter, compressBound, DCtx } from 'zstd-napi/binding';
import { IntegrityError } from '@ferry/errors';
import { LEVEL_OFF } from './compression-setting';

/** How a chunk's plaintext is carried inside the ciphertext. Values match the proto enum. */
export const Encoding = { Zero: 1, Raw: 2, Zstd: 3 } as const;
export type Encoding = (typeof Encoding)[keyof typeof Encoding];

/** Compressed output at or above this share of the input is not worth decompressing: send raw. */
export const INCOMPRESSIBLE_RATIO = 0.97;

/** The probe's sample: the first 64 KiB of a chunk. */
const PROBE_BYTES = 64 * 1024;

/**
 * zstd through the native binding, one reused context per instance (contexts are costly to make).
 * Incompressible chunks bypass compression: a cheap probe of the first 64 KiB decides, so random
 * data costs one small compression instead of a full one. Compresses into a scratch buffer the
 * instance reuses (zstd-napi's Compressor allocates a compressBound-sized buffer per call, then
 * copies the result out of it): a returned zstd payload is valid until the next compress() call,
 * which is all a sealer needs, as it encrypts the payload at once.
 */
export class ChunkCompressor {
  private readonly context = new CCtx();
  /** The level the context is set to. */
  private contextLevel: number | undefined;
  private readonly probeContext = new CCtx();
  private scratch = Buffer.alloc(0);
  private readonly probeScratch = Buffer.allocUnsafeSlow(compressBound(PROBE_BYTES));

  /** @param level a zstd level, or LEVEL_OFF: every chunk then travels raw without being tried. */
  constructor(readonly level = 1) {
    this.probeContext.setParameter(CParameter.compressionLevel, 1);
  }

  /** `payload` is `plain` itself (raw) or a view of this compressor's scratch buffer, overwritten by the next call (zstd). */
  compress(plain: Buffer): { encoding: Encoding; payload: Buffer } {
    return this.compressAt(plain, this.level);
  }

  /**
   * As compress(), at `level` (a zstd level or LEVEL_OFF). One context serves every level, set anew when the
   * level changes: its tables are as large as the highest level's alone, where a context per level held each
   * level's (an adaptive stream that reached level 9 took prem-esxi-manager past 256 MiB).
   */
  compressAt(plain: Buffer, level: number): { encoding: Encoding; payload: Buffer } {
    if (level === LEVEL_OFF) return { encoding: Encoding.Raw, payload: plain };
    if (plain.length > PROBE_BYTES * 2) {
      const sample = this.probeContext.compress2(this.probeScratch, plain.subarray(0, PROBE_BYTES));
      if (sample >= PROBE_BYTES * INCOMPRESSIBLE_RATIO) return { encoding: Encoding.Raw, payload: plain };
    }
    const bound = compressBound(plain.length);
    if (this.scratch.length < bound) this.scratch = Buffer.allocUnsafeSlow(bound);
    if (this.contextLevel !== level) {
      this.context.setParameter(CParameter.compressionLevel, level);
      this.contextLevel = level;
    }
    const packed = this.context.compress2(this.scratch, plain);
    if (packed >= plain.length * INCOMPRESSIBLE_RATIO) return { encoding: Encoding.Raw, payload: plain };
    return { encoding: Encoding.Zstd, payload: this.scratch.subarray(0, packed) };
  }
}

/** The receiver's side: restores a chunk and insists on the announced length. */
export class ChunkDecompressor {
  private readonly decompressor = new Decompressor();
  private readonly context = new DCtx();

  /**
   * Like restore, but into `into` (at least `expectedLength` bytes), so a receiver can restore every
   * chunk into one reused, page-aligned buffer; a payload that would outgrow it fails without writing past it.
   */
  restoreInto(encoding: Encoding, payload: Buffer, into: Buffer, expectedLength: number, where: string): Buffer {
    const target = into.subarray(0, expectedLength);
    let restored: number;
    if (encoding === Encoding.Zero) restored = target.fill(0).length;
    else if (encoding === Encoding.Raw) restored = payload.length === expectedLength ? payload.copy(target) : payload.length;
    else if (encoding === Encoding.Zstd) {
      try {
        restored = this.context.decompress(target, payload);
      } catch (cause) {
        throw new IntegrityError(`${where}: zstd payload does not decompress into the announced ${expectedLength} bytes (${String(cause)}); the sender must resend the chunk`, { cause });
      }
    } else throw new IntegrityError(`${where}: unknown encoding ${String(encoding)}; sender and receiver run different protocol versions`);
    if (restored !== expectedLength) {
      throw new IntegrityError(`${where}: restored ${restored} bytes, frame announced ${expectedLength}; the chunk is rejected`);
    }
    return target;
  }

  restore(encoding: Encoding, payload: Buffer, expectedLength: number, where: string): Buffer {
    let plain: Buffer;
    if (encoding === Encoding.Zero) plain = Buffer.alloc(expectedLength);
    else if (encoding === Encoding.Raw) plain = payload;
    else if (encoding === Encoding.Zstd) {
      try {
        plain = this.decompressor.decompress(payload);
      } catch (cause) {
        throw new IntegrityError(`${where}: zstd payload does not decompress (${String(cause)}); the sender must resend the chunk`, { cause });
      }
    } else throw new IntegrityError(`${where}: unknown encoding ${String(encoding)}; sender and receiver run different protocol versions`);
    if (plain.length !== expectedLength) {
      throw new IntegrityError(`${where}: restored ${plain.length} bytes, frame announced ${expectedLength}; the chunk is rejected`);
    }
    return plain;
  }
}
