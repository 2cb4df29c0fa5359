/**
 * The bytes of a stream received so far and not yet taken, kept as the pieces they came in. Framed
 * readers (lean streams' length-prefixed messages, iSCSI PDUs) push each read and take whole units off
 * the front, without joining pieces until a unit spans several.
 */
export class ByteQueue {
  private pieces: Buffer[] = [];
  private held = 0;

  /** Bytes held. */
  get length(): number {
    return this.held;
  }

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.held += piece.length;
  }

  /** The first `n` bytes, left in the queue: a view when one piece holds them, else a copy. */
  peek(n: number): Buffer {
    this.mustHold(n);
    const first = this.pieces[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    return this.join(n, Buffer.allocUnsafe(n), false);
  }

  /**
   * The first `n` bytes, removed. A view into the piece that holds them when one does; `own` copies them
   * instead into a buffer that owns its memory (its ArrayBuffer may then move to a worker thread without
   * detaching the bytes of the pieces around it).
   */
  take(n: number, own = false): Buffer {
    this.mustHold(n);
    if (n === 0) return Buffer.alloc(0);
    const first = this.pieces[0]!;
    if (first.length >= n && !own) {
      if (first.length === n) this.pieces.shift();
      else this.pieces[0] = first.subarray(n);
      this.held -= n;
      return first.subarray(0, n);
    }
    const taken = this.join(n, own ? Buffer.allocUnsafeSlow(n) : Buffer.allocUnsafe(n), true);
    this.held -= n;
    return taken;
  }

  /** Copies the first `n` bytes into `into`; `consume` drops them from the pieces as it goes. */
  private join(n: number, into: Buffer, consume: boolean): Buffer {
    let at = 0;
    for (let i = 0; at < n; ) {
      const piece = this.pieces[consume ? 0 : i]!;
      const part = Math.min(piece.length, n - at);
      piece.copy(into, at, 0, part);
      at += part;
      if (!consume) i++;
      else if (part === piece.length) this.pieces.shift();
      else this.pieces[0] = piece.subarray(part);
    }
    return into;
  }

  private mustHold(n: number): void {
    if (n > this.held) throw new RangeError(`asked for ${n} bytes, ${this.held} held`);
  }
}
