import { performance } from 'node:perf_hooks';
import type { CacheVolume } from '@ferry/cloud-cache/dist/src/cache/cache-volume';
import { QemuIoSession } from './qemu-io-session';
import { readsIn, type PlannedRead } from './read-plan';

/** Every qemu-io the bench started and has not closed, killed on the way out whatever happened. */
export const openSessions = new Set<QemuIoSession>();

export async function openSession(target: string, format: string, direct = false): Promise<QemuIoSession> {
  const session = await QemuIoSession.open(target, format, direct);
  openSessions.add(session);
  return session;
}

export async function closeSession(session: QemuIoSession): Promise<void> {
  await session.close();
  openSessions.delete(session);
}

/** Latencies (ms) of a warm-up read, then of each planned set in turn. */
export interface ReadSets {
  firstMs: number;
  ms: number[][];
}

/** The planned reads of the local VMDK through qemu-io: the peer baseline. */
export async function localReads(vmdk: string, warmUp: PlannedRead, plans: ReadonlyArray<readonly PlannedRead[]>, direct: boolean): Promise<ReadSets> {
  const session = await openSession(vmdk, 'vmdk', direct);
  return readSets(warmUp, plans, async (r) => (await session.read(r.offset, r.length)).ms).finally(() => closeSession(session));
}

/** Demand reads through a real initiator: qemu-io (libiscsi) against the bench's iSCSI portal. */
export async function iscsiReads(url: string, volume: CacheVolume, warmUp: PlannedRead, plans: ReadonlyArray<readonly PlannedRead[]>): Promise<ReadSets & { presentAfterOpen: number }> {
  const session = await openSession(url, 'raw');
  const presentAfterOpen = volume.presentChunks();
  const sets = await readSets(warmUp, plans, (r) => missOnly(volume, r, async () => (await session.read(r.offset, r.length)).ms)).finally(() => closeSession(session));
  return { ...sets, presentAfterOpen };
}

/** Demand reads calling the volume's read() in this process: the path without iSCSI and the initiator. */
export function inProcessReads(volume: CacheVolume, warmUp: PlannedRead, plans: ReadonlyArray<readonly PlannedRead[]>): Promise<ReadSets> {
  return readSets(warmUp, plans, (r) =>
    missOnly(volume, r, async () => {
      const started = performance.now();
      await volume.read(r.offset, r.length);
      return performance.now() - started;
    }),
  );
}

async function readSets(warmUp: PlannedRead, plans: ReadonlyArray<readonly PlannedRead[]>, read: (r: PlannedRead) => Promise<number>): Promise<ReadSets> {
  const firstMs = await read(warmUp);
  const ms: number[][] = [];
  for (const plan of plans) {
    const one: number[] = [];
    for (const r of plan) one.push(await read(r));
    ms.push(one);
  }
  return { firstMs, ms };
}

/** Fails unless the read is a miss: its chunk absent before (so it travels the whole path) and present after. */
async function missOnly<T>(volume: CacheVolume, r: PlannedRead, read: () => Promise<T>): Promise<T> {
  if (volume.isPresent(r.chunk)) throw new Error(`chunk ${r.chunk} of ${volume.name} was present before its measured read; the plan must read absent chunks only`);
  const result = await read();
  if (!volume.isPresent(r.chunk)) throw new Error(`chunk ${r.chunk} of ${volume.name} is still absent after a read of it`);
  return result;
}

/** What a reader saw while a hydration ran. */
export interface ReaderLog {
  reads: number;
  /** Reads that fetched their chunk on demand (still absent when the read reached the cache). */
  demandFetched: number;
  /** Latency of every read, ms (each aimed at a chunk absent when it was issued). */
  all: number[];
  /** Latency of the reads that fetched on demand, ms. */
  fetched: number[];
}

/**
 * 4 KiB reads through qemu-io, one at a time, each at a random chunk hydration has not landed yet;
 * `intervalMs` apart (start to start; 0 = back to back), until `over()`, every chunk is present, or
 * `maxReads`.
 */
export async function absentChunkReader(session: QemuIoSession, volume: CacheVolume, random: () => number, over: () => boolean, intervalMs: number, maxReads: number): Promise<ReaderLog> {
  const log: ReaderLog = { reads: 0, demandFetched: 0, all: [], fetched: [] };
  const started = performance.now();
  while (!over() && log.reads < maxReads) {
    let chunk = volume.nextAbsent(Math.floor(random() * volume.chunkCount));
    if (chunk < 0) chunk = volume.nextAbsent(0);
    if (chunk < 0) break;
    const [r] = readsIn([chunk], volume.chunkSize, 4096, random);
    const fetchesBefore = volume.stats.onDemandFetches;
    const { ms } = await session.read(r!.offset, r!.length);
    log.reads++;
    log.all.push(ms);
    if (volume.stats.onDemandFetches > fetchesBefore) {
      log.demandFetched++;
      log.fetched.push(ms);
    }
    const wait = started + log.reads * intervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return log;
}
