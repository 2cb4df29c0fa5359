import type { EventStore, StoredBatch } from '@ferry/event-store';
import { StoreIndex } from './store-index';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A store of empty batches whose lastSequence answers what it held when asked, once released. */
class SlowStore {
  readonly batches: StoredBatch[] = [];
  private readonly held: Array<() => void> = [];

  add(): void {
    const sequence = this.batches.length + 1;
    this.batches.push({ sequence, subject: `ferry.evt.plan.p${sequence}`, aggregate: 'plan', id: `p${sequence}`, events: [] });
  }

  /** Answers every lastSequence asked so far. */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  asStore(): EventStore {
    return {
      lastSequence: () => {
        const last = this.batches.length;
        return new Promise<number>((resolve) => this.held.push(() => resolve(last)));
      },
      // Delivers one batch per turn of the event loop until stopped, as a follower reading message by message.
      subscribe: async (from, handler) => {
        let stopped = false;
        void (async () => {
          for (let next = from; !stopped; next++) {
            await settle();
            const batch = this.batches[next - 1];
            if (batch && !stopped) await handler(batch);
          }
        })();
        return { closed: new Promise<void>(() => undefined), stop: async () => void (stopped = true) };
      },
    } as Partial<EventStore> as EventStore;
  }
}

describe('the store index', () => {
  it('a catch-up asked for during a read sees what was stored after that read asked for the store\'s end', async () => {
    const store = new SlowStore();
    store.add();
    const seen: number[] = [];
    const index = new StoreIndex(store.asStore(), 'test batches', (batch) => void seen.push(batch.sequence));

    const first = index.catchUp(); // asks for the end while the store holds 1 batch
    store.add(); // a caller's write lands…
    const second = index.catchUp(); // …and it asks, while the first read runs
    store.release();
    await first;
    expect(seen).toEqual([1]);
    await second;
    expect(seen).toEqual([1, 2]);
  });
});
