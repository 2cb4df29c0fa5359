/** A fixed-size bit set, one bit per chunk, serialisable as little-endian bit order bytes. */
export class Bitmap {
  readonly bytes: Uint8Array;

  constructor(
    readonly size: number,
    bytes?: Uint8Array,
  ) {
    this.bytes = bytes ? Uint8Array.from(bytes) : new Uint8Array(Math.ceil(size / 8));
  }

  get(i: number): boolean {
    return (((this.bytes[i >> 3] as number) >> (i & 7)) & 1) === 1;
  }

  set(i: number): void {
    this.bytes[i >> 3] = (this.bytes[i >> 3] as number) | (1 << (i & 7));
  }

  clear(i: number): void {
    this.bytes[i >> 3] = (this.bytes[i >> 3] as number) & ~(1 << (i & 7));
  }

  /** Number of set bits. */
  count(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.get(i)) n++;
    return n;
  }

  /** The first clear bit at or after `from`, or -1. */
  nextClear(from = 0): number {
    for (let i = from; i < this.size; i++) {
      if (this.bytes[i >> 3] === 0xff) {
        i |= 7;
        continue;
      }
      if (!this.get(i)) return i;
    }
    return -1;
  }

  /** Indices of set bits. */
  setIndices(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.get(i)) out.push(i);
    return out;
  }

  clone(): Bitmap {
    return new Bitmap(this.size, this.bytes);
  }
}
