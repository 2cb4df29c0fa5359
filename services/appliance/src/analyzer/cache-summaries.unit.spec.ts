import { ferry } from '@ferry/proto';
import { CacheSummaries } from './cache-summaries';
import type { AnalyzerLimits } from './intake-limits';

import cache = ferry.cache.v1;

const MINUTE = 60_000;
const summary = (name: string, lun = 0): cache.VolumeIoSummary =>
  cache.VolumeIoSummary.create({ volumeId: `iqn.2024-01.io.ferry:${name}/${lun}`, targetIqn: `iqn.2024-01.io.ferry:${name}`, lun, windowStart: { unixMillis: 1 }, windowEnd: { unixMillis: 2 } });
const batch = (...names: string[]): cache.IoSummaryBatch => cache.IoSummaryBatch.create({ sentAt: { unixMillis: 2 }, volumes: names.map((n) => summary(n)) });
const names = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

/** A store with `limits`, a clock the test moves, and what it holds. */
function given(limits: Partial<AnalyzerLimits> = {}) {
  const clock = { now: 1_000_000 };
  const store = new CacheSummaries(limits, () => clock.now);
  const ids = (): string[] => store.page('', undefined, 1000).summaries.map((r) => r.summary.volumeId.replace(/^iqn\.2024-01\.io\.ferry:|\/0$/g, ''));
  return { store, clock, ids };
}

describe('the summary store within its limits', () => {
  it('given a sender at its volume limit, when it pushes a new volume, then the batch is refused whole with 429 naming ANALYZER_MAX_VOLUMES_PER_SENDER and nothing changes', () => {
    const { store, ids } = given({ maxVolumesPerSender: 3 });
    expect(store.apply(batch('a', 'b', 'c'), '10.0.0.1')).toBeUndefined();
    const refused = store.apply(batch('a', 'd'), '10.0.0.1');
    expect(refused).toMatchObject({ status: 429, limit: 'maxVolumesPerSender', retryAfterSeconds: 600 });
    expect(refused?.message).toBe('10.0.0.1 would have 4 volumes held (3 now, 1 new in this batch); push fewer volumes, or wait until older ones expire (limit ANALYZER_MAX_VOLUMES_PER_SENDER=3)');
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect([store.accepted, store.rejected, store.refusalCounts().get('ANALYZER_MAX_VOLUMES_PER_SENDER')]).toEqual([1, 1, 1]);
  });

  it('given a sender at its volume limit, when it pushes its own volumes again, then they are taken', () => {
    const { store, clock } = given({ maxVolumesPerSender: 3 });
    store.apply(batch('a', 'b', 'c'), '10.0.0.1');
    clock.now += 1000;
    expect(store.apply(batch('c', 'b', 'a'), '10.0.0.1')).toBeUndefined();
    expect(store.page('', undefined, 10).summaries.map((r) => r.receivedAt)).toEqual([clock.now, clock.now, clock.now]);
  });

  it('given another sender at its limit, when a volume moves to it, then it counts for the new sender and frees room at the old one', () => {
    const { store } = given({ maxVolumesPerSender: 2 });
    store.apply(batch('a', 'b'), '10.0.0.1');
    store.apply(batch('c'), '10.0.0.2');
    expect(store.apply(batch('a'), '10.0.0.2')).toBeUndefined();
    expect(store.apply(batch('b'), '10.0.0.2')?.limit).toBe('maxVolumesPerSender');
    expect(store.apply(batch('d'), '10.0.0.1')).toBeUndefined();
    expect(store.page('', undefined, 10).summaries.map((r) => `${r.summary.volumeId.slice(21, 22)}@${r.reportedBy}`)).toEqual(['a@10.0.0.2', 'b@10.0.0.1', 'c@10.0.0.2', 'd@10.0.0.1']);
    expect(store.senders).toBe(2);
  });

  it('given the appliance at its total, when any sender pushes a new volume, then 429 names ANALYZER_MAX_VOLUMES and says when the oldest expires', () => {
    const { store, clock } = given({ maxVolumes: 4, maxVolumesPerSender: 4, summaryTtlMs: 10 * MINUTE });
    store.apply(batch('a', 'b'), '10.0.0.1');
    clock.now += 4 * MINUTE;
    store.apply(batch('c', 'd'), '10.0.0.2');
    const refused = store.apply(batch('e'), '10.0.0.3');
    expect(refused).toMatchObject({ status: 429, limit: 'maxVolumes', retryAfterSeconds: 6 * 60 });
    expect(refused?.message).toMatch(/would hold 5 volumes \(4 now, 1 new in this batch\).*\(limit ANALYZER_MAX_VOLUMES=4\)$/);
    expect(store.apply(batch('d', 'c'), '10.0.0.2')).toBeUndefined(); // updates still come in
  });

  it('given a batch with more volumes than one sender may have held, when checked, then it is 413 naming ANALYZER_MAX_VOLUMES_PER_SENDER', () => {
    const { store } = given({ maxVolumesPerSender: 1000 });
    expect(store.checkBatchSize(1000)).toBeUndefined();
    expect(store.checkBatchSize(5000)).toMatchObject({ status: 413, message: expect.stringMatching(/carries 5000 volumes.*ANALYZER_MAX_VOLUMES_PER_SENDER=1000\)$/) });
    expect(store.apply(batch(...names('x', 1001)), '10.0.0.1')?.status).toBe(413);
    expect(store.size).toBe(0);
  });

  it('given summaries older than the TTL, when the store is read or pushed to, then they are gone and their room is free again', () => {
    const { store, clock, ids } = given({ maxVolumes: 3, summaryTtlMs: 10 * MINUTE });
    store.apply(batch('a', 'b'), '10.0.0.1');
    clock.now += 6 * MINUTE;
    store.apply(batch('c', 'a'), '10.0.0.1');
    clock.now += 4 * MINUTE; // b is 10 minutes old, a and c 4
    expect(ids()).toEqual(['a', 'c']);
    expect(store.expired).toBe(1);
    expect(store.apply(batch('d'), '10.0.0.2')).toBeUndefined();
    expect(store.apply(batch('e'), '10.0.0.2')?.limit).toBe('maxVolumes');
    clock.now += 10 * MINUTE;
    expect([store.size, store.senders, store.expired]).toEqual([0, 0, 4]);
  });

  it('given 100,000 distinct volumes pushed by 20 senders, when flooding, then the store holds no more than its limits', () => {
    const { store } = given();
    const outcomes = new Map<string, number>();
    for (let sender = 0; sender < 20; sender++) {
      for (let post = 0; post < 5; post++) {
        const refused = store.apply(batch(...names(`s${sender}p${post}`, 1000)), `127.0.0.${sender + 10}`);
        const key = refused ? `${refused.status} ${refused.limit}` : 'taken';
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    }
    expect(store.size).toBe(10_000);
    expect(Object.fromEntries(outcomes)).toEqual({ taken: 10, '429 maxVolumes': 50, '429 maxVolumesPerSender': 40 });
  });
});

describe('pages of summaries', () => {
  it('given 25 volumes, when paging by 10, then three pages list each once in id order with the total', () => {
    const { store } = given();
    store.apply(batch(...names('v', 25).reverse()), '10.0.0.1');
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const page = store.page('', after, 10);
      expect(page.total).toBe(25);
      sizes.push(page.summaries.length);
      seen.push(...page.summaries.map((r) => r.summary.volumeId));
      after = page.nextAfter;
    } while (after !== undefined);
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(25);
  });

  it('given volumes that come and go between pages, when paging, then no volume held throughout is repeated or skipped', () => {
    const { store } = given();
    store.apply(batch(...names('v', 20)), '10.0.0.1');
    const first = store.page('', undefined, 10);
    store.apply(batch('a-first', 'v-00003x', 'z-last'), '10.0.0.2');
    const second = store.page('', first.nextAfter, 100);
    const listed = [...first.summaries, ...second.summaries].map((r) => r.summary.volumeId.slice(21, -2));
    expect(listed.filter((id) => id.startsWith('v-') && id.length === 7)).toEqual(names('v', 20));
    expect(listed).not.toContain('a-first'); // sorted before the first page's end
    expect(listed).toContain('z-last');
  });

  it('given a filter, when paging, then only matching ids are listed and counted', () => {
    const { store } = given();
    store.apply(batch(...names('web', 7), ...names('db', 5)), '10.0.0.1');
    const page = store.page(':db-', undefined, 3);
    expect([page.summaries.length, page.total, page.nextAfter]).toEqual([3, 5, 'iqn.2024-01.io.ferry:db-00002/0']);
    expect(store.page(':db-', page.nextAfter, 3).nextAfter).toBeUndefined();
  });
});
