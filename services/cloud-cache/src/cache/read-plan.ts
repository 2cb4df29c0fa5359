/** How a cache volume serves one read: the read cut into pieces by what each chunk holds. */

/** What a chunk holds: its data in the store, zeros (marked, not stored), or nothing yet. */
export type ChunkState = 'stored' | 'zero' | 'absent';

/** One piece of a read, at volume offset `pos`. */
export type ReadPiece =
  /** A run of stored chunks: one positional read from the store. */
  | { kind: 'stored'; pos: number; length: number }
  | { kind: 'zero'; pos: number; length: number }
  /** Part of chunk `chunk`, to be fetched from the source. */
  | { kind: 'absent'; pos: number; length: number; chunk: number };

/** Cuts the read of `length` bytes at `offset` into pieces, coalescing runs of stored chunks. */
export function planRead(offset: number, length: number, chunkSize: number, stateOf: (chunk: number) => ChunkState): ReadPiece[] {
  const pieces: ReadPiece[] = [];
  const end = offset + length;
  let pos = offset;
  while (pos < end) {
    const chunk = Math.floor(pos / chunkSize);
    let pieceEnd = Math.min(end, (chunk + 1) * chunkSize);
    const kind = stateOf(chunk);
    if (kind === 'stored') {
      while (pieceEnd < end && stateOf(pieceEnd / chunkSize) === 'stored') pieceEnd = Math.min(end, pieceEnd + chunkSize);
      pieces.push({ kind, pos, length: pieceEnd - pos });
    } else if (kind === 'zero') pieces.push({ kind, pos, length: pieceEnd - pos });
    else pieces.push({ kind, pos, length: pieceEnd - pos, chunk });
    pos = pieceEnd;
  }
  return pieces;
}
