/** Serialises async work per key (a chunk index); keys with no waiter hold no memory. */
export class KeyedMutex {
  private readonly tails = new Map<number, Promise<void>>();

  /** Runs `work` after every earlier holder of `key` has finished. */
  async run<T>(key: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Whether anyone holds or waits for `key`. */
  busy(key: number): boolean {
    return this.tails.has(key);
  }
}
