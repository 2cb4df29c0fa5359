import { UnavailableError, ValidationError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { MigrationMode } from '../migration';
import { planCodec, type PlanEvent } from '../plan';
import { PlanNames } from './plan-names';
import { SiteCatalog } from './site-catalog';

/** The store as PlanNames reads it: numbered batches, a subscription that delivers them from a sequence on. */
class BatchStore {
  readonly batches: StoredBatch[] = [];
  subscriptions = 0;

  add(aggregate: string, id: string, events: PlanEvent[] = []): void {
    const sequence = this.batches.length + 1;
    const recorded = events.map((e) => ({ ...planCodec.encode(e), sequence, aggregate, id }));
    this.batches.push({ sequence, subject: `ferry.evt.${aggregate}.${id}`, aggregate, id, events: recorded } as unknown as StoredBatch);
  }

  created(planId: string, name: string): void {
    const meta = { planId, at: 1, causeCommandId: `c-${planId}` };
    const spec = { name, vms: [], mode: MigrationMode.Cold, networkMap: [], storageMap: [], target: { folder: '', resourcePool: '', datacenter: '' }, concurrency: 8, scheduledStartMillis: 0, maxDiskBytesPerSecond: 0, acceptUnqualified: false };
    this.add('plan', planId, [{ type: 'PlanCreated', data: { meta, ...spec } }]);
  }

  asStore(): EventStore {
    return {
      lastSequence: async () => this.batches.length,
      // Delivers what is stored, then waits for more (nothing more comes here) until stopped.
      subscribe: async (from, handler) => {
        this.subscriptions += 1;
        let stopped = false;
        const delivered = (async () => {
          for (const batch of this.batches.filter((b) => b.sequence >= from)) if (!stopped) await handler(batch);
        })();
        return { closed: new Promise<void>(() => undefined), stop: async () => { stopped = true; await delivered; } };
      },
    } as Partial<EventStore> as EventStore;
  }
}

describe('plan names in use', () => {
  it('refuses a name another plan has, naming that plan; the same plan (a retry) may keep it', async () => {
    const store = new BatchStore();
    store.created('plan-a', 'wave 1');
    store.add('migration', 'mig-1');
    const names = new PlanNames(new SiteCatalog(store.asStore()));
    await expect(names.refuseTaken('wave 1', 'plan-b')).rejects.toThrow(new ValidationError('name', 'plan plan-a is already named "wave 1"; choose another name, or send that plan\'s request_id to get it again'));
    await expect(names.refuseTaken(' wave 1 ', 'plan-b')).rejects.toThrow(ValidationError); // surrounding spaces do not make another name
    await expect(names.refuseTaken('wave 1', 'plan-a')).resolves.toBeUndefined();
    await expect(names.refuseTaken('Wave 1', 'plan-b')).resolves.toBeUndefined();
  });

  it('reads only what was stored since the last check, and nothing when the store has nothing new', async () => {
    const store = new BatchStore();
    store.created('plan-a', 'wave 1');
    const names = new PlanNames(new SiteCatalog(store.asStore()));
    await names.refuseTaken('wave 2', 'plan-b');
    await names.refuseTaken('wave 2', 'plan-b');
    expect(store.subscriptions).toBe(1);
    store.created('plan-c', 'wave 3');
    await expect(names.refuseTaken('wave 3', 'plan-d')).rejects.toThrow('plan plan-c is already named "wave 3"');
    expect(store.subscriptions).toBe(2);
  });

  it('knows a plan it was told of before the store is read again, in NFC form', async () => {
    const names = new PlanNames(new SiteCatalog(new BatchStore().asStore()));
    names.note('Caf\u00e9', 'plan-a');
    await expect(names.refuseTaken('Cafe\u0301', 'plan-b')).rejects.toThrow('plan plan-a is already named');
  });

  it('runs exclusive work one call at a time, even after a failure', async () => {
    const names = new PlanNames(new SiteCatalog(new BatchStore().asStore()));
    const order: string[] = [];
    const slow = names.exclusive(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('first');
      throw new Error('first failed');
    });
    const second = names.exclusive(async () => order.push('second'));
    await expect(slow).rejects.toThrow('first failed');
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('answers UNAVAILABLE when the store ends the read before its last event', async () => {
    const store = new BatchStore();
    store.created('plan-a', 'wave 1');
    const ended = { ...store.asStore(), subscribe: async () => ({ closed: Promise.resolve(), stop: async () => undefined }) } as EventStore;
    await expect(new PlanNames(new SiteCatalog(ended)).refuseTaken('wave 1', 'plan-b')).rejects.toThrow(UnavailableError);
  });
});
