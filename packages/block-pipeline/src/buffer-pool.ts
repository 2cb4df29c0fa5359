/**
 * A free list of equally sized buffers. Reusing chunk buffers instead of allocating 1 MiB per
 * chunk keeps V8's external-memory counter flat (every fresh ArrayBuffer counts towards the
 * threshold that forces a major GC) and spares the kernel faulting in fresh pages.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  /** @param shared back the buffers by SharedArrayBuffers, so worker threads can read them without a copy or a move. */
  constructor(
    readonly size: number,
    private readonly keep: number,
    private readonly shared = false,
  ) {}

  /** A buffer of `size` bytes with undefined contents. */
  acquire(): Buffer {
    return this.free.pop() ?? (this.shared ? Buffer.from(new SharedArrayBuffer(this.size)) : Buffer.allocUnsafeSlow(this.size));
  }

  /** Hands a buffer back; the caller must not use it afterwards. */
  release(buffer: Buffer): void {
    if (buffer.length === this.size && this.free.length < this.keep) this.free.push(buffer);
  }
}
