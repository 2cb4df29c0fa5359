import { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';
import { isAllZero, type Layer } from '../layer';
import type { Extent } from '../types';

/** Granularity of zero detection in raw images. */
const ZERO_BLOCK = 64 * 1024;

/**
 * A raw image: guest bytes are file bytes. Node cannot ask for holes (SEEK_DATA), so the
 * extent map scans the file in bounded pieces and reports all-zero 64 KiB blocks as zero.
 */
export class RawLayer implements Layer {
  readonly virtualSize: number;

  private constructor(private readonly file: ImageFile) {
    this.virtualSize = file.size;
  }

  get path(): string {
    return this.file.path;
  }

  static async open(path: string): Promise<RawLayer> {
    const file = await ImageFile.open(path, 'raw');
    if (file.size > Limits.maxVirtualSize) {
      await file.close();
      throw file.fault('size', `${file.size} bytes exceeds the ${Limits.maxVirtualSize}-byte limit`, 'this is not a disk image we can copy');
    }
    return new RawLayer(file);
  }

  async *map(start: number, end: number): AsyncIterable<Extent> {
    for (let offset = start; offset < end; ) {
      const pieceEnd = Math.min(end, offset + Limits.readPieceBytes);
      const piece = await this.file.readAt(offset, pieceEnd - offset, `data at ${offset}`);
      for (let at = 0; at < piece.length; at += ZERO_BLOCK) {
        const block = piece.subarray(at, Math.min(piece.length, at + ZERO_BLOCK));
        yield { offset: offset + at, length: block.length, allocated: true, zero: isAllZero(block) };
      }
      offset = pieceEnd;
    }
  }

  async readInto(target: Buffer, at: number, offset: number, length: number): Promise<void> {
    await this.file.readInto(target, at, offset, length, `data at ${offset}`);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
