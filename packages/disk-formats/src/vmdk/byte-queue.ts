/**
 * Exact-length reads from an async stream of chunks, holding at most one chunk plus the
 * bytes asked for, so a stream of any size is read in bounded memory.
 */
export class ByteQueue {
  private readonly iterator: AsyncIterator<Buffer | Uint8Array | string>;
  private head: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes consumed so far (the stream offset of the next byte). */
  position = 0;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly `length` bytes, or undefined when the stream ends first (after `available` bytes). */
  async read(length: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < length) {
      if (this.head.length === 0 && !(await this.pull())) return undefined;
      const take = Math.min(length - have, this.head.length);
      parts.push(this.head.subarray(0, take));
      this.head = this.head.subarray(take);
      have += take;
      this.position += take;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
  }

  /** Discards `length` bytes; false when the stream ends first. */
  async skip(length: number): Promise<boolean> {
    let left = length;
    while (left > 0) {
      if (this.head.length === 0 && !(await this.pull())) return false;
      const take = Math.min(left, this.head.length);
      this.head = this.head.subarray(take);
      left -= take;
      this.position += take;
    }
    return true;
  }

  /** Whether the stream has ended with nothing left. */
  async atEnd(): Promise<boolean> {
    return this.head.length === 0 && !(await this.pull());
  }

  private async pull(): Promise<boolean> {
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (chunk.length > 0) {
        this.head = chunk;
        return true;
      }
    }
    return false;
  }
}
