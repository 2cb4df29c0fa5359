import { ValidationError } from '@ferry/errors';
import { Limits } from './io/limits';
import { coalesce, type Layer } from './layer';
import type { DiskFormat, DiskReader, Extent } from './types';

/** Wraps a format's Layer as the public DiskReader: argument checks, coalescing, bounded pieces. */
export function toDiskReader(layer: Layer, format: DiskFormat, subformat: string): DiskReader {
  let closed = false;
  return {
    path: layer.path,
    format,
    subformat,
    virtualSize: layer.virtualSize,
    extents(): AsyncIterable<Extent> {
      return coalesce(layer.map(0, layer.virtualSize));
    },
    async read(offset: number, length: number): Promise<Buffer> {
      if (closed) throw new ValidationError('read', `${layer.path} is closed; open it again`);
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > layer.virtualSize) {
        throw new ValidationError('read', `range ${offset}+${length} is outside ${layer.path} (virtual size ${layer.virtualSize}); read within the disk`);
      }
      if (length > Limits.maxReadBytes) {
        throw new ValidationError('read', `length ${length} exceeds ${Limits.maxReadBytes} bytes; read in smaller pieces`);
      }
      const target = Buffer.alloc(length);
      for (let done = 0; done < length; done += Limits.readPieceBytes) {
        const piece = Math.min(Limits.readPieceBytes, length - done);
        await layer.readInto(target, done, offset + done, piece);
      }
      return target;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await layer.close();
    },
  };
}
