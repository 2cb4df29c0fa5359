// npm run bench:warm — warm migration's data path: on-demand reads of a cache volume whose every miss
// travels cloud-cache → cloud-manager → prem-manager → prem-esxi-manager (real processes, mutual TLS,
// sealed frames), side by side with the same reads of the same VMDK read locally; then hydration of the
// whole volume by the bulk transfer (StartTransfer, targetFormat "cache"), with no reader and with a
// reader running. Demand reads are timed by a real initiator: one long-running qemu-io (libiscsi) per
// volume. Prints a table, then one JSON line last with every figure.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { hydrationMetrics } from '@ferry/cloud-cache/dist/src/feed/cache-receiver';
import { remoteFetchMetrics } from '@ferry/cloud-cache/dist/src/feed/remote-fetcher';
import { startWarmPlane, type WarmPlane } from '@ferry/cloud-cache/dist/test/support/warm-plane';
import { settle } from './transfer/peers';
import { cpuBetween, cpuSnapshot } from './warm/cpu';
import { absentChunkReader, closeSession, inProcessReads, iscsiReads, localReads, openSession, openSessions } from './warm/demand-reads';
import { timedHydration } from './warm/hydration';
import { latencySummary, readsIn, seededRandom, shuffledChunks } from './warm/read-plan';
import { printReport, type HydrationFigures } from './warm/report';
import { makeSourceDisk } from './warm/source-disk';

const run = promisify(execFile);
const MiB = 1 << 20;
const CHUNK = MiB; // the chunk size warm-plane's volumes use
const SIZE_MIB = Number(process.env.BENCH_WARM_MIB ?? 256);
const READS = Number(process.env.BENCH_WARM_READS ?? 100);
/** Start-to-start interval of the paced reader during the third hydration. */
const PACED_MS = Number(process.env.BENCH_WARM_PACED_MS ?? 100);
/** Most reads a reader makes during one hydration (a bound, not a target). */
const READER_MAX = Number(process.env.BENCH_WARM_READER_MAX ?? 20_000);
const HYDRATION_TIMEOUT_MS = Number(process.env.BENCH_WARM_HYDRATION_TIMEOUT_S ?? 600) * 1000;
const SEED = Number(process.env.BENCH_WARM_SEED ?? 20261203);
const DISK = 'disk-0';

const say = (line: string): void => void process.stderr.write(`bench:warm: ${line}\n`);
const iqnOf = (name: string): string => `iqn.2026-12.io.ferry:bench-${name}`;

/** A hydration of a fresh volume with no reader (intervalMs undefined) or with a reader of absent chunks. */
async function hydrationRun(plane: WarmPlane, name: string, locator: string, intervalMs: number | undefined, firstChunk: number): Promise<HydrationFigures> {
  const target = { iqn: iqnOf(name), migrationId: `bench-${name}`, diskId: DISK, locator };
  const volume = await plane.addVolume(target.iqn, target.migrationId, DISK, locator);
  const session = intervalMs === undefined ? undefined : await openSession(`iscsi://127.0.0.1:${plane.iscsiPort}/${target.iqn}/0`, 'raw');
  try {
    // The reader's first read pays this migration's demand set-up, as the warm-up read does for the demand rows.
    if (session) await session.read(firstChunk * CHUNK, 4096);
    const before = { ...hydrationMetrics };
    await settle();
    const pids = { ...cpuPids(plane), 'qemu-io': session?.pid };
    const cpu0 = await cpuSnapshot(pids);
    const random = seededRandom(SEED + 1);
    const ran = await timedHydration(plane, target, async (over) => (session ? absentChunkReader(session, volume, random, over, intervalMs ?? 0, READER_MAX) : undefined), HYDRATION_TIMEOUT_MS);
    const cpu = cpuBetween(cpu0, await cpuSnapshot(pids));
    if (volume.presentChunks() !== volume.chunkCount) throw new Error(`${name}: hydration completed with ${volume.presentChunks()} of ${volume.chunkCount} chunks present`);
    const reader = ran.during ?? { reads: 0, demandFetched: 0, all: [], fetched: [] };
    const fetch = volume.stats.summary(volume.name, { presentChunks: 0, totalChunks: 0, chunkSize: 0, writtenChunks: 0, fetchedOnDemandBytes: 0 }).fetchLatencyMs;
    return {
      label: intervalMs === undefined ? 'no reader' : intervalMs === 0 ? 'reader, back to back' : `reader, every ${intervalMs} ms`,
      seconds: ran.seconds,
      chunks: volume.chunkCount,
      landedByHydration: hydrationMetrics.stored - before.stored,
      framesKept: hydrationMetrics.kept - before.kept,
      chunksSent: Number(ran.status.chunksSent),
      reads: reader.reads,
      demandFetched: reader.demandFetched,
      readAll: latencySummary(reader.all),
      readFetched: latencySummary(reader.fetched),
      // The cache's own clock around each on-demand fetch (cache → prem and back), before it stores the chunk.
      cacheFetchP50: fetch.p50,
      cacheFetchP99: fetch.p99,
      cpu,
    };
  } finally {
    if (session) await closeSession(session);
  }
}

function cpuPids(plane: WarmPlane): Record<string, number | undefined> {
  return { 'prem-esxi-manager': plane.esxi.pid, 'prem-manager': plane.prem.pid, 'cloud-manager': plane.cloud.pid, 'cloud-cache (this process)': process.pid };
}

async function main(): Promise<void> {
  if (![SIZE_MIB, READS, PACED_MS, READER_MAX].every(Number.isInteger) || READS < 1 || PACED_MS < 1 || SIZE_MIB < 2 * READS + 4) {
    throw new Error(`BENCH_WARM_MIB=${SIZE_MIB}, BENCH_WARM_READS=${READS}, BENCH_WARM_PACED_MS=${PACED_MS}: whole numbers, and the disk needs at least 2 × reads + 4 one-MiB chunks (every measured read lands on its own absent chunk)`);
  }
  const size = SIZE_MIB * MiB;
  const root = await mkdtemp(join(tmpdir(), 'ferry-bench-warm-'));
  // Everything this process puts under tmpdir() — the plane's directory, NATS's data, the services'
  // log files — lands under root, which is removed at the end.
  process.env.TMPDIR = root;
  let plane: WarmPlane | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      for (const s of openSessions) s.kill();
      await plane?.stop().catch((error: unknown) => say(`stopping the plane: ${String(error)}`));
      await rm(root, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    say(`starting the plane (prem-esxi-manager, prem-manager, cloud-manager, NATS; feed and iSCSI portal in this process) on ${cpus().length} CPUs`);
    plane = await startWarmPlane();
    say(`making a ${SIZE_MIB} MiB source disk (mostly random) as a monolithicSparse VMDK`);
    const { vmdk } = await makeSourceDisk(plane.dir, plane.sourceDir, size);
    const locator = `file:${vmdk}`;

    // One seeded plan for every row: READS distinct chunks for 4 KiB reads, READS others for 64 KiB, and
    // one more for the warm-up read that pays the per-migration set-up (keys, demand session).
    const random = seededRandom(SEED);
    const order = shuffledChunks(SIZE_MIB, random);
    const plans = [readsIn(order.slice(0, READS), CHUNK, 4096, random), readsIn(order.slice(READS, 2 * READS), CHUNK, 64 * 1024, random)];
    const [warmUp] = readsIn(order.slice(2 * READS, 2 * READS + 1), CHUNK, 4096, random);
    if (warmUp === undefined) throw new Error('no chunk left for the warm-up read');

    say('peer: the same reads of the local VMDK with qemu-io (page cache, then O_DIRECT)');
    const localCached = await localReads(vmdk, warmUp, plans, false);
    const localDirect = await localReads(vmdk, warmUp, plans, true);

    say(`demand reads over iSCSI with qemu-io: ${READS} × 4 KiB then ${READS} × 64 KiB, each on an absent chunk`);
    const fetchBefore = { ...remoteFetchMetrics };
    const iscsiVolume = await plane.addVolume(iqnOf('demand-iscsi'), 'bench-demand-iscsi', DISK, locator);
    const iscsi = await iscsiReads(`iscsi://127.0.0.1:${plane.iscsiPort}/${iqnOf('demand-iscsi')}/0`, iscsiVolume, warmUp, plans);
    const iscsiFetch = iscsiVolume.stats.summary(iscsiVolume.name, { presentChunks: 0, totalChunks: 0, chunkSize: 0, writtenChunks: 0, fetchedOnDemandBytes: 0 }).fetchLatencyMs;

    say('demand reads calling CacheVolume.read() in this process (no iSCSI, no initiator), with CPU per process');
    const inprocVolume = await plane.addVolume(iqnOf('demand-inproc'), 'bench-demand-inproc', DISK, locator);
    const cpu0 = await cpuSnapshot(cpuPids(plane));
    const inproc = await inProcessReads(inprocVolume, warmUp, plans);
    const demandCpu = cpuBetween(cpu0, await cpuSnapshot(cpuPids(plane)));
    const demandFetch = {
      chunks: remoteFetchMetrics.chunks - fetchBefore.chunks,
      readAheadChunks: remoteFetchMetrics.readAheadChunks - fetchBefore.readAheadChunks,
      retries: remoteFetchMetrics.retries - fetchBefore.retries,
      rejectedFrames: remoteFetchMetrics.rejectedFrames - fetchBefore.rejectedFrames,
    };

    say('peer: qemu-img convert of the local VMDK to raw');
    await settle();
    const convertStarted = performance.now();
    await run('qemu-img', ['convert', '-f', 'vmdk', '-O', 'raw', vmdk, join(plane.dir, 'peer-convert.raw')]);
    const convertSeconds = (performance.now() - convertStarted) / 1000;
    await rm(join(plane.dir, 'peer-convert.raw'));

    const firstChunk = order[2 * READS + 1] ?? 0;
    say('hydration with no reader');
    const idle = await hydrationRun(plane, 'hydrate-idle', locator, undefined, firstChunk);
    say('hydration with a reader running back to back (4 KiB reads of random chunks not yet landed, through qemu-io over iSCSI)');
    const busy = await hydrationRun(plane, 'hydrate-busy', locator, 0, firstChunk);
    say(`hydration with a reader every ${PACED_MS} ms`);
    const paced = await hydrationRun(plane, 'hydrate-paced', locator, PACED_MS, firstChunk);

    printReport({
      sizeMib: SIZE_MIB, reads: READS, cpus: cpus().length, loadBefore, loadAfter: loadavg()[0] ?? 0,
      demand: {
        iscsi4k: latencySummary(iscsi.ms[0]!), iscsi64k: latencySummary(iscsi.ms[1]!),
        inproc4k: latencySummary(inproc.ms[0]!), inproc64k: latencySummary(inproc.ms[1]!),
        localCached4k: latencySummary(localCached.ms[0]!), localCached64k: latencySummary(localCached.ms[1]!),
        localDirect4k: latencySummary(localDirect.ms[0]!), localDirect64k: latencySummary(localDirect.ms[1]!),
        firstIscsiMs: iscsi.firstMs, firstInprocMs: inproc.firstMs, presentAfterOpen: iscsi.presentAfterOpen,
        cacheFetchP50: iscsiFetch.p50, cacheFetchP99: iscsiFetch.p99,
        ...demandFetch,
        cpu: demandCpu, cpuReads: 2 * READS + 1,
      },
      convertSeconds,
      hydrations: { idle, busy, paced },
    });
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
