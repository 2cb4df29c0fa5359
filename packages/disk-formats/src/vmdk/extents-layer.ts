import type { Layer } from '../layer';
import type { Extent } from '../types';

/** One piece of a split disk: a Layer window [base, base+length) shown at guest offset `start`. */
export interface Piece {
  start: number;
  length: number;
  /** undefined: a ZERO extent. */
  layer?: Layer;
  /** Byte offset inside `layer` (FLAT extents start at an offset of their file). */
  base: number;
}

/** The extents of a descriptor-based VMDK, concatenated in guest order. */
export class ExtentsLayer implements Layer {
  readonly virtualSize: number;

  constructor(
    readonly path: string,
    readonly subformat: string,
    private readonly pieces: Piece[],
  ) {
    this.virtualSize = pieces.reduce((sum, piece) => sum + piece.length, 0);
  }

  async *map(start: number, end: number): AsyncIterable<Extent> {
    for (const piece of this.overlapping(start, end)) {
      const from = Math.max(start, piece.start);
      const to = Math.min(end, piece.start + piece.length);
      if (!piece.layer) {
        yield { offset: from, length: to - from, allocated: false, zero: true };
        continue;
      }
      for await (const run of piece.layer.map(piece.base + from - piece.start, piece.base + to - piece.start)) {
        yield { ...run, offset: run.offset - piece.base + piece.start };
      }
    }
  }

  async readInto(target: Buffer, at: number, offset: number, length: number): Promise<void> {
    const end = offset + length;
    for (const piece of this.overlapping(offset, end)) {
      const from = Math.max(offset, piece.start);
      const to = Math.min(end, piece.start + piece.length);
      const into = at + from - offset;
      if (piece.layer) await piece.layer.readInto(target, into, piece.base + from - piece.start, to - from);
      else target.fill(0, into, into + to - from);
    }
  }

  async close(): Promise<void> {
    for (const piece of this.pieces) await piece.layer?.close();
  }

  private overlapping(start: number, end: number): Piece[] {
    return this.pieces.filter((piece) => piece.start < end && piece.start + piece.length > start);
  }
}
