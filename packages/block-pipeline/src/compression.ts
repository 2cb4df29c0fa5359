import { Compressor, Decompressor } from 'zstd-napi';
import { DCtx } from 'zstd-napi/binding';
import { IntegrityError } from '@ferry/errors';
import { LEVEL_OFF } from './compression-setting';

/** How a chunk's plaintext is carried inside the ciphertext. Values match the proto enum. */
export const Encoding = { Zero: 1, Raw: 2, Zstd: 3 } as const;
export type Encoding = (typeof Encoding)[keyof typeof Encoding];

/** Compressed output at or above this share of the input is not worth decompressing: send raw. */
export const INCOMPRESSIBLE_RATIO = 0.97;

/**
 * zstd through the native binding, one reused context per instance (contexts are costly to make).
 * Incompressible chunks bypass compression: a cheap probe of the first 64 KiB decides, so random
 * data costs one small compression instead of a full one.
 */
export class ChunkCompressor {
  private readonly compressor = new Compressor();
  private readonly probe = new Compressor();

  /** @param level a zstd level, or LEVEL_OFF: every chunk then travels raw without being tried. */
  constructor(readonly level = 1) {
    this.compressor.setParameters({ compressionLevel: level });
    this.probe.setParameters({ compressionLevel: 1 });
  }

  compress(plain: Buffer): { encoding: Encoding; payload: Buffer } {
    if (this.level === LEVEL_OFF) return { encoding: Encoding.Raw, payload: plain };
    const probeLength = 64 * 1024;
    if (plain.length > probeLength * 2) {
      const sample = this.probe.compress(plain.subarray(0, probeLength));
      if (sample.length >= probeLength * INCOMPRESSIBLE_RATIO) return { encoding: Encoding.Raw, payload: plain };
    }
    const packed = this.compressor.compress(plain);
    if (packed.length >= plain.length * INCOMPRESSIBLE_RATIO) return { encoding: Encoding.Raw, payload: plain };
    return { encoding: Encoding.Zstd, payload: packed };
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
