/**
 * The latest cloud-cache summaries as Prometheus series on the appliance's ops /metrics, read from the
 * store at scrape time. Only the busiest ANALYZER_METRICS_MAX_VOLUMES volumes (by read + write ops) get
 * series of their own; the others are summed into volume="_other" (no volume id has that form), so a
 * sum over `volume` is still the total and the label set stays bounded whatever was pushed. Counters
 * are the cache's cumulative figures (they restart from zero when the cache process restarts, and a
 * volume moving in or out of "_other" looks like a reset too, which Prometheus' rate() handles).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheSummaries, ReceivedSummary } from './cache-summaries';
import { num } from './summary-validation';

/** The label value of the volumes without series of their own. */
export const OTHER_VOLUMES = '_other';

/** The figures of one series' volume: a volume's own, or the sum (and worst latency and age) of the others. */
interface Figures {
  readonly volume: string;
  readOps: number;
  writeOps: number;
  readBytes: number;
  writeBytes: number;
  readHits: number;
  readMisses: number;
  onDemandFetches: number;
  chunksPresent: number;
  chunksTotal: number;
  writtenBytes: number;
  /** Unix ms of the oldest summary. */
  receivedAt: number;
  p50: number;
  p95: number;
  p99: number;
  /** A volume's own hit ratio; for "_other" it is computed from the summed hits and misses. */
  hitRatio?: number;
}

function figuresOf({ summary: s, receivedAt }: ReceivedSummary): Figures {
  const l = s.fetchLatency;
  return {
    volume: s.volumeId, readOps: num(s.readOps), writeOps: num(s.writeOps), readBytes: num(s.readBytes), writeBytes: num(s.writeBytes),
    readHits: num(s.readHits), readMisses: num(s.readMisses), onDemandFetches: num(s.onDemandFetches), chunksPresent: num(s.chunksPresent),
    chunksTotal: num(s.chunksTotal), writtenBytes: num(s.writtenBytesSinceCreation), receivedAt, p50: l?.p50Ms ?? 0, p95: l?.p95Ms ?? 0, p99: l?.p99Ms ?? 0, hitRatio: s.hitRatio,
  };
}

function addInto(sum: Figures, f: Figures): void {
  sum.readOps += f.readOps;
  sum.writeOps += f.writeOps;
  sum.readBytes += f.readBytes;
  sum.writeBytes += f.writeBytes;
  sum.readHits += f.readHits;
  sum.readMisses += f.readMisses;
  sum.onDemandFetches += f.onDemandFetches;
  sum.chunksPresent += f.chunksPresent;
  sum.chunksTotal += f.chunksTotal;
  sum.writtenBytes += f.writtenBytes;
  sum.receivedAt = Math.min(sum.receivedAt, f.receivedAt);
  sum.p50 = Math.max(sum.p50, f.p50);
  sum.p95 = Math.max(sum.p95, f.p95);
  sum.p99 = Math.max(sum.p99, f.p99);
}

const activity = (f: Figures): number => f.readOps + f.writeOps;
/** Whether `a` is less busy than `b`; equal ones by id, so the same volumes keep their series from scrape to scrape. */
const lessBusy = (a: Figures, b: Figures): boolean => activity(a) < activity(b) || (activity(a) === activity(b) && a.volume > b.volume);

/** The `k` busiest of `all`, busiest first: a min-heap of k, so 10,000 volumes cost about 10,000 × log2(200) comparisons. */
function busiest(all: readonly Figures[], k: number): Figures[] {
  const heap: Figures[] = [];
  const swap = (i: number, j: number): void => void ([heap[i], heap[j]] = [heap[j] as Figures, heap[i] as Figures]);
  for (const f of all) {
    if (heap.length < k) {
      heap.push(f);
      for (let i = heap.length - 1; i > 0 && lessBusy(heap[i] as Figures, heap[(i - 1) >> 1] as Figures); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (k > 0 && lessBusy(heap[0] as Figures, f)) {
      heap[0] = f;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        if (l < k && lessBusy(heap[l] as Figures, heap[least] as Figures)) least = l;
        if (r < k && lessBusy(heap[r] as Figures, heap[least] as Figures)) least = r;
        if (least === i) break;
        swap(i, least);
        i = least;
      }
    }
  }
  return heap.sort((a, b) => (lessBusy(a, b) ? 1 : -1));
}

/** The series to show: the `max` busiest volumes, then "_other" when more are held. */
export function seriesVolumes(all: readonly Figures[], max: number): Figures[] {
  if (all.length <= max) return [...all];
  const top = busiest(all, max);
  const shown = new Set(top);
  let other: Figures | undefined;
  for (const f of all) {
    if (shown.has(f)) continue;
    if (other) addInto(other, f);
    else other = { ...f, volume: OTHER_VOLUMES, hitRatio: undefined };
  }
  return other ? [...top, other] : top;
}

type Read = (f: Figures) => number;
/** Volumes whose figures are read in one go of a scrape. */
const SLICE = 1000;

/** Registers the cache series on `registry`; how many volumes get their own series is the store's ANALYZER_METRICS_MAX_VOLUMES. */
export function registerCacheSummaryMetrics(registry: Registry, store: CacheSummaries, clock: () => number = Date.now): void {
  const maxVolumes = store.limits.metricsMaxVolumes;
  // Every collect of one scrape starts in the same tick (prom-client starts them all before awaiting
  // any), so the busiest volumes are picked once per scrape, and dropped before the next one. Their
  // figures are read a slice at a time, so a scrape of many volumes never holds the event loop long.
  let current: Promise<Figures[]> | undefined;
  // A summary object is replaced, never changed, when a newer one arrives: its figures are read once.
  const figures = new WeakMap<ReceivedSummary, Figures>();
  const pick = async (): Promise<Figures[]> => {
    const held = [...store.values()];
    const all: Figures[] = [];
    for (let at = 0; at < held.length; at += SLICE) {
      if (at > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const r of held.slice(at, at + SLICE)) {
        let f = figures.get(r);
        if (!f) figures.set(r, (f = figuresOf(r)));
        all.push(f);
      }
    }
    return seriesVolumes(all, maxVolumes);
  };
  const series = (): Promise<Figures[]> => {
    current ??= pick().finally(() => setImmediate(() => (current = undefined)));
    return current;
  };
  const perVolume = (kind: 'counter' | 'gauge', name: string, help: string, value: Read): void => {
    const collect = async function (this: Counter | Gauge): Promise<void> {
      const shown = await series();
      this.reset();
      for (const f of shown) {
        if (this instanceof Counter) this.inc({ volume: f.volume }, value(f));
        else this.set({ volume: f.volume }, value(f));
      }
    };
    if (kind === 'counter') new Counter({ name, help, labelNames: ['volume'], registers: [registry], collect });
    else new Gauge({ name, help, labelNames: ['volume'], registers: [registry], collect });
  };
  const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 1);
  perVolume('gauge', 'ferry_cache_hit_ratio', 'Share of reads served without an on-demand fetch (latest cloud-cache summary)', (f) => f.hitRatio ?? ratio(f.readHits, f.readHits + f.readMisses));
  perVolume('counter', 'ferry_cache_read_ops_total', 'Read commands the cache served', (f) => f.readOps);
  perVolume('counter', 'ferry_cache_write_ops_total', 'Write commands the cache served', (f) => f.writeOps);
  perVolume('counter', 'ferry_cache_read_bytes_total', 'Bytes initiators read from the cache', (f) => f.readBytes);
  perVolume('counter', 'ferry_cache_write_bytes_total', 'Bytes initiators wrote to the cache', (f) => f.writeBytes);
  perVolume('counter', 'ferry_cache_ondemand_fetches_total', 'Chunks fetched on demand', (f) => f.onDemandFetches);
  perVolume('gauge', 'ferry_cache_hydration_ratio', 'Chunks present in the cache out of all chunks of the volume', (f) => ratio(f.chunksPresent, f.chunksTotal));
  perVolume('gauge', 'ferry_cache_written_since_creation_bytes', 'Bytes of chunks written since the volume was created (what migrate-back ships)', (f) => f.writtenBytes);
  perVolume('gauge', 'ferry_cache_summary_age_seconds', 'Seconds since the latest summary of the volume arrived (for "_other": the oldest)', (f) => (clock() - f.receivedAt) / 1000);
  new Gauge({
    name: 'ferry_cache_fetch_latency_ms', help: 'On-demand fetch latency percentiles over the recent fetches (latest cloud-cache summary; for "_other": the worst)',
    labelNames: ['volume', 'quantile'], registers: [registry],
    async collect() {
      const shown = await series();
      this.reset();
      for (const f of shown) {
        this.set({ volume: f.volume, quantile: '0.5' }, f.p50);
        this.set({ volume: f.volume, quantile: '0.95' }, f.p95);
        this.set({ volume: f.volume, quantile: '0.99' }, f.p99);
      }
    },
  });
  new Gauge({
    name: 'ferry_analyzer_volumes', help: 'Volumes whose latest IO summary the appliance holds (at most ANALYZER_MAX_VOLUMES)', registers: [registry],
    collect() {
      this.set(store.size);
    },
  });
  new Gauge({
    name: 'ferry_analyzer_senders', help: 'Sender addresses with volumes held', registers: [registry],
    collect() {
      this.set(store.senders);
    },
  });
  new Counter({
    name: 'ferry_analyzer_volumes_expired_total', help: 'Volumes dropped because their latest summary was older than ANALYZER_SUMMARY_TTL_MS', registers: [registry],
    collect() {
      this.reset();
      this.inc(store.expired);
    },
  });
  new Counter({
    name: 'ferry_analyzer_pushes_total', help: 'IO-summary pushes received on the analyzer port, by outcome',
    labelNames: ['outcome'], registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'accepted' }, store.accepted);
      this.inc({ outcome: 'rejected' }, store.rejected);
    },
  });
  new Counter({
    name: 'ferry_analyzer_refusals_total', help: 'IO-summary pushes refused, by the limit they passed (ANALYZER_* name) or "invalid"',
    labelNames: ['limit'], registers: [registry],
    collect() {
      this.reset();
      for (const [limit, count] of store.refusalCounts()) this.inc({ limit }, count);
    },
  });
}
