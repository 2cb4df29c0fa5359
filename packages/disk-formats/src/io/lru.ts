/** A small LRU cache bounded by total bytes (tables of one image), so memory stays flat on huge disks. */
export class ByteLru<V extends { length: number }> {
  private readonly entries = new Map<number, V>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: number): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: number, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size <= 1) break;
      this.entries.delete(oldest);
      this.bytes -= entry.length;
    }
  }
}
