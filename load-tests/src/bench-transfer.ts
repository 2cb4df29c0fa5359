// npm run bench:transfer [-- --link lan|metro|wan|thin] [-- --disk-mib n] — ferry's data plane against rsync,
// nbdcopy-TLS, qemu-img and the compute floor, on loopback (the default) or across a shaped link between two
// sites in network namespaces (prem: prem-esxi-manager, prem-manager, qemu-nbd, the rsync client; cloud:
// cloud-manager, nbdcopy, sshd).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf, mutualTlsClient, planChunks, RawFileSource } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { linkProfile, startNats, type ServiceHandle } from '@ferry/testing';
import { compressionOf, describeCompression } from './transfer/compression-summary';
import { computeFloor, type ComputeFloor } from './transfer/compute-floor';
import { NBD_SERVER_NAME, processCpuSeconds, settle, startQemuNbdTls, startSshd, timed, timedOn } from './transfer/peers';
import { linkPlacement, loopbackPlacement } from './transfer/placement';
import { referenceDisk } from './transfer/reference-disk';
import { countersOf, currentRssMib, peakRssMib, perService } from './transfer/service-counters';
import { sampleDuring, steadyRate } from './transfer/steady-rate';
import { serviceEnv } from './transfer/service-env';

const run = promisify(execFile);
const MiB = 1 << 20;
const GiB = 1 << 30;
const pb = ferry.dataplane.v1;

/** The value after `flag` on the command line (npm run bench:transfer -- --link wan). */
function argument(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** --link <profile>: two sites joined by that shaped link; without it, everything on loopback. */
const LINK = argument('--link');
/** --disk-mib <n>: the reference disk cut to its first n MiB (a smoke run); default the whole 8 GiB. */
const DISK_MIB = argument('--disk-mib');
/** How often the bench asks prem-manager how a transfer stands (FERRY_BENCH_POLL_MS): the appliance's COPY_POLL_MS default. */
const POLL_MS = Number(process.env.FERRY_BENCH_POLL_MS ?? 500);
/** How long one of ferry's syncs may take before the bench gives up on it (FERRY_BENCH_SYNC_LIMIT_S, default 600). */
const SYNC_LIMIT_S = Number(process.env.FERRY_BENCH_SYNC_LIMIT_S ?? 600);
/** FERRY_BENCH_ONLY=ferry runs ferry and the compute floor only (for profiling); peers then report 0. */
const ONLY_FERRY = process.env.FERRY_BENCH_ONLY === 'ferry';
/**
 * FERRY_BENCH_ROUNDS=n (default 1) runs ferry's full sync (adaptive compression, and at the pinned level
 * beside it), nbdcopy-TLS and the compute floor n times, interleaved, and reports each one's median: on a
 * noisy machine one round can be off by a third.
 */
const ROUNDS = Number(process.env.FERRY_BENCH_ROUNDS ?? '1');
/**
 * FERRY_BENCH_WARM_UP=n (default 2): the warm-up syncs each shipper runs before its measured ones; 0 leaves them
 * out, and the first measured sync also pays the services' start-up (V8 optimises their hot functions then).
 * After one warm-up the main shipper's first measured sync still used 6-17 % more CPU-s than its later rounds.
 */
const WARM_UPS = Number(process.env.FERRY_BENCH_WARM_UP ?? '2');
/** FERRY_BENCH_STRIPES=n: the main runs' TRANSFER_STRIPES (default: prem-manager's own default). */
const STRIPES = process.env.FERRY_BENCH_STRIPES;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;
const twoEnded = (floor: ComputeFloor): number => floor.senderCpuSeconds + floor.receiverCpuSeconds;

async function main(): Promise<void> {
  const say = (line: string) => process.stderr.write(`bench:transfer: ${line}\n`);
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`FERRY_BENCH_ROUNDS=${process.env.FERRY_BENCH_ROUNDS}: give a whole number of rounds, at least 1`);
  if (!(SYNC_LIMIT_S > 0)) throw new Error(`FERRY_BENCH_SYNC_LIMIT_S=${process.env.FERRY_BENCH_SYNC_LIMIT_S}: give the seconds a sync may take, above 0`);
  if (!Number.isInteger(WARM_UPS) || WARM_UPS < 0) throw new Error(`FERRY_BENCH_WARM_UP=${process.env.FERRY_BENCH_WARM_UP}: give a whole number of warm-up syncs, 0 for none`);
  if (DISK_MIB !== undefined && !(Number(DISK_MIB) >= 64)) throw new Error(`--disk-mib ${DISK_MIB}: give a size in MiB, at least 64`);
  say('building or reusing the reference disk (8 GiB virtual, ~1 GiB allocated)');
  const reference = await referenceDisk();
  const work = await mkdtemp(join(tmpdir(), 'ferry-bench-transfer-'));
  const stops: Array<() => Promise<unknown> | void> = [];
  try {
    const placement = LINK === undefined ? loopbackPlacement() : await linkPlacement(LINK, [NBD_SERVER_NAME]);
    stops.push(() => placement.stop()); // stopped last: the namespaces go after everything in them
    const { measured } = placement;
    if (measured !== undefined) say(`link ${placement.name} measured prem → cloud: round trip ${measured.rttMs.toFixed(2)} ms, ${(measured.bitsPerSecond / 1e6).toFixed(0)} Mbit/s (64 MiB)`);
    const { prem, cloud } = placement;
    const sourceDir = join(work, 'source');
    const targetDir = join(work, 'target');
    const caDir = join(work, 'site-ca');
    await Promise.all([mkdir(sourceDir), mkdir(targetDir)]);
    const source = join(sourceDir, 'disk.raw');
    await run('cp', ['--sparse=always', reference, source]);
    if (DISK_MIB !== undefined) await run('truncate', ['-s', `${DISK_MIB}M`, source]);
    const raw = await RawFileSource.open(source);
    const dataChunks: Array<{ index: number; offset: number; length: number }> = [];
    for await (const chunk of planChunks(raw.extents(), raw.virtualSize, MiB)) if (chunk.kind === 'data') dataChunks.push(chunk);
    await raw.close();
    const virtualSize = raw.virtualSize;
    const sourceGiB = dataChunks.reduce((sum, c) => sum + c.length, 0) / GiB;
    say(`${dataChunks.length} allocated 1 MiB chunks of ${virtualSize / MiB}`);

    // (d) the floor without network or crypto, also warms the page cache for everyone after it.
    const qemuImgLocal = await timed('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', source, join(work, 'qemu-img.raw')]);
    await rm(join(work, 'qemu-img.raw'));
    say(`qemu-img convert: ${qemuImgLocal.toFixed(2)} s`);

    // (a) ferry over the real services: the prem ones at prem, cloud-manager at cloud.
    const nats = await startNats();
    stops.push(() => nats.stop());
    const common = { NATS_URL: nats.url, CA_DIR: caDir, LOG_LEVEL: 'warn', NODE_OPTIONS: process.env.FERRY_BENCH_NODE_OPTIONS ?? '', ...serviceEnv(process.env.FERRY_BENCH_SERVICE_ENV) };
    const services: Record<string, ServiceHandle> = {};
    services.prem_esxi_manager = await prem.startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    stops.push(() => services.prem_esxi_manager!.stop());
    services.cloud_manager = await cloud.startService('cloud-manager', { ...common, INTERCONNECT_HOST: cloud.listenAddress, TARGET_ROOT: targetDir, STATE_DIR: join(work, 'cloud-state') });
    stops.push(() => services.cloud_manager!.stop());
    // The main runs choose their level as they go (COMPRESSION_LEVEL=adaptive); a pinned level runs beside them below.
    services.prem_manager = await prem.startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(work, 'prem-data'), COMPRESSION_LEVEL: 'adaptive', ...(STRIPES === undefined ? {} : { TRANSFER_STRIPES: STRIPES }) });
    stops.push(() => services.prem_manager!.stop());
    say(`idle RSS MiB: ${JSON.stringify(await perService(services, currentRssMib))}`);
    const targetEndpoint = await placement.reach('prem', services.cloud_manager.ports.INTERCONNECT_PORT!, 'cloud-manager');
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${services.prem_manager.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'bench')) });
    stops.push(() => control.close());
    const target = join(targetDir, 'disk.raw');
    /** `changed`: the changed chunks (sent whole) or the changed byte ranges (CBT's areas: each chunk they touch travels as its changed span). */
    const ferrySync = async (generation: number, mode: number, changed: number[] | { areas: Array<{ offset: number; length: number }> } = [], rehashSource = false, migrationId = 'bench', targetPath = target, via = control, sourcePath = source) => {
      const [changedChunks, changedAreas] = Array.isArray(changed) ? [changed, []] : [[], changed.areas];
      const id = { migrationId, diskId: 'disk-0', generation };
      await settle();
      const started = Date.now();
      await unaryCall(via, 'StartTransfer', {
        ...id, sourceEndpoint: `127.0.0.1:${services.prem_esxi_manager!.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${sourcePath}`,
        targetEndpoint, targetPath, mode, changedChunks, changedAreas, rehashSource,
      });
      for (;;) {
        const status = await unaryCall<unknown, ferry.dataplane.v1.TransferStatus>(via, 'GetTransfer', id);
        // Timed by prem-manager's own completion time (same clock), so polling as seldom as the appliance does
        // (COPY_POLL_MS, 500 ms) costs no precision; polling every 20 ms cost prem-manager ~0.1 CPU-s per GiB on loopback.
        if (status.state === pb.TransferState.TRANSFER_STATE_COMPLETED) return { seconds: (Number(status.completedAtMs) - started) / 1000, status };
        if (status.state === pb.TransferState.TRANSFER_STATE_FAILED) throw new Error(`ferry transfer failed: ${status.error}`);
        // A sync whose services died is retried by prem-manager for as long as it lives: the bench stops waiting.
        if (Date.now() - started > SYNC_LIMIT_S * 1000) {
          const gone = Object.entries(services).filter(([, service]) => !service.running).map(([name]) => name);
          throw new Error(`ferry's sync of generation ${generation} has not completed in ${SYNC_LIMIT_S} s (last error: ${status.error || 'none'}; services no longer running: ${gone.join(', ') || 'none'}); look at the services' logs (FERRY_BENCH_LOG_DIR), or raise FERRY_BENCH_SYNC_LIMIT_S for a slower link`);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    const relayCpu = { ferry: 0, rsync: 0, nbdcopy: 0 };
    let relayBefore = await placement.relayCpuSeconds();
    const relayLap = async (): Promise<number> => {
      const now = await placement.relayCpuSeconds();
      const spent = now - relayBefore;
      relayBefore = now;
      return round2(spent);
    };
    /** Each service's user+system CPU-seconds while `sync` runs (`of`: the services to count, default the bench's three). */
    const cpuDuring = async <T>(sync: () => Promise<T>, of: Record<string, ServiceHandle> = services): Promise<{ result: T; cpu: Record<string, number> }> => {
      const before = await countersOf(of);
      const result = await sync();
      const after = await countersOf(of);
      return { result, cpu: Object.fromEntries(Object.keys(of).map((k) => [k, after[k]!.user - before[k]!.user + after[k]!.sys - before[k]!.sys])) };
    };
    const describeCpu = (cpu: Record<string, number>) => Object.entries(cpu).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
    // The services, like the product's long-running ones, have run a sync before the measured ones. A fresh
    // service's first sync also pays its start-up: V8's optimising compiler was 18% of a fresh prem-manager's
    // perf samples and 4-5% of the others' over a run, and its hot functions run unoptimised meanwhile.
    for (let n = 1; n <= WARM_UPS; n++) {
      const warmUpTarget = join(targetDir, 'warm-up.raw');
      const { result: warm, cpu } = await cpuDuring(() => ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL, [], false, `bench-warm-up-${n}`, warmUpTarget));
      await rm(warmUpTarget);
      await relayLap();
      say(`warm-up sync ${n} of ${WARM_UPS} of the services (not measured; FERRY_BENCH_WARM_UP=0 measures the first sync instead): ${warm.seconds.toFixed(2)} s, CPU-s ${describeCpu(cpu)}`);
    }
    // The two-ended floor the services' CPU is set against is measured just before ferry's measured sync of each
    // round, in the machine's state of that moment: measured after the peers instead (where the wall-time floor
    // is, beside nbdcopy), it came out at 6.2 CPU-s where ferry-only runs within the same half hour had 4.85-5.16.
    await settle();
    const cpuFloors: ComputeFloor[] = [await computeFloor(source, dataChunks, 2)];
    say(`two-ended compute floor just before ferry's measured sync: ${twoEnded(cpuFloors[0]!).toFixed(2)} CPU-s (sender ${cpuFloors[0]!.senderCpuSeconds.toFixed(2)}, receiver ${cpuFloors[0]!.receiverCpuSeconds.toFixed(2)})`);
    const cpuBefore = await countersOf(services);
    const full = await ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL);
    const cpuAfter = await countersOf(services);
    relayCpu.ferry = await relayLap();
    /** CPU-seconds of each round's full sync (adaptive level), per service: the table reports the median of each. */
    const ferryCpuRounds = [Object.fromEntries(Object.keys(services).map((k) => [k, cpuAfter[k]!.user - cpuBefore[k]!.user + cpuAfter[k]!.sys - cpuBefore[k]!.sys]))];
    say(`peak RSS MiB after the full sync: ${JSON.stringify(await perService(services, peakRssMib))}`);
    say(`CPU seconds (user+sys) during the full sync: ${Object.keys(services).map((k) => `${k} ${(cpuAfter[k]!.user - cpuBefore[k]!.user).toFixed(2)}+${(cpuAfter[k]!.sys - cpuBefore[k]!.sys).toFixed(2)}`).join(', ')}`);
    say(`minor page faults during the full sync: ${Object.keys(services).map((k) => `${k} ${cpuAfter[k]!.faults - cpuBefore[k]!.faults}`).join(', ')}`);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    const compression = compressionOf(full.status);
    say(`ferry full: ${full.seconds.toFixed(2)} s, target identical; the link's relay used ${relayCpu.ferry} CPU-s; compression ${describeCompression(compression)}`);

    type TimedSync = Awaited<ReturnType<typeof ferrySync>> & { cpu: Record<string, number> };
    /** Another prem-manager started with `env` (its own data dir); `sync` runs the full sync through it into a target removed after the check. */
    const otherShipper = async (env: Record<string, string>, name: string): Promise<{ sync(label: string): Promise<TimedSync> }> => {
      const other = await prem.startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(work, `prem-data-${name}`), ...env });
      stops.push(() => other.stop());
      const otherControl = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${other.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'bench')) });
      stops.push(() => otherControl.close());
      let logged = 0;
      return {
        async sync(label) {
          const otherTarget = join(targetDir, `${label}.raw`);
          const { result, cpu } = await cpuDuring(() => ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL, [], false, `bench-${label}`, otherTarget, otherControl), { ...services, prem_manager: other });
          await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', otherTarget]);
          await rm(otherTarget);
          await relayLap();
          const sessions = other.log().split('\n').filter((l) => l.includes('session of'));
          process.stderr.write(`${sessions.slice(logged).join('\n')}\n`);
          logged = sessions.length;
          return { ...result, cpu };
        },
      };
    };
    /** The same full sync from another prem-manager started with `env`. */
    const fullSyncFrom = async (env: Record<string, string>, name: string): Promise<TimedSync> => (await otherShipper(env, name)).sync(name);
    // A fixed window (FERRY_BENCH_FIXED_WINDOW frames, default 32: the credit window every stream used before
    // windows were sized from the bandwidth-delay product).
    const fixedFrames = process.env.FERRY_BENCH_FIXED_WINDOW ?? '32';
    const fixedWindow = await fullSyncFrom({ FLOW_WINDOW: fixedFrames }, 'fixed-window');
    say(`ferry full with FLOW_WINDOW=${fixedFrames}: ${fixedWindow.seconds.toFixed(2)} s, target identical (BDP window: ${full.seconds.toFixed(2)} s)`);
    // A pinned compression level (FERRY_BENCH_PINNED_LEVEL, default 1: every chunk's level before adaptive compression).
    const pinnedLevel = process.env.FERRY_BENCH_PINNED_LEVEL ?? '1';
    // Its prem-manager stays up for the further rounds, which run it beside the main (adaptive) one: an A/B in the same minutes.
    const pinnedShipper = await otherShipper({ COMPRESSION_LEVEL: pinnedLevel }, 'pinned-level');
    for (let n = 1; n <= WARM_UPS; n++) {
      const warm = await pinnedShipper.sync(`pinned-level-warm-up-${n}`);
      say(`warm-up sync ${n} of ${WARM_UPS} of the COMPRESSION_LEVEL=${pinnedLevel} prem-manager (not measured): ${warm.seconds.toFixed(2)} s, CPU-s ${describeCpu(warm.cpu)}`);
    }
    const pinned = await pinnedShipper.sync('pinned-level');
    const pinnedCompression = compressionOf(pinned.status);
    say(`ferry full with COMPRESSION_LEVEL=${pinnedLevel}: ${pinned.seconds.toFixed(2)} s, target identical, ratio ${pinnedCompression.ratio.toFixed(2)} (adaptive: ${full.seconds.toFixed(2)} s, ratio ${compression.ratio.toFixed(2)})`);

    // One connection per session (TRANSFER_STRIPES=0: every frame on the Transfer stream, as before stripes),
    // otherwise as the main run (whose prem-manager spreads frames over the default 4 stripes).
    const oneConnection = await fullSyncFrom({ COMPRESSION_LEVEL: 'adaptive', TRANSFER_STRIPES: '0' }, 'one-connection');
    say(`ferry full with TRANSFER_STRIPES=0: ${oneConnection.seconds.toFixed(2)} s, target identical (4 stripes: ${full.seconds.toFixed(2)} s)`);

    // Link use while the data is incompressible (across a link only): a disk of random bytes, a quarter of the
    // reference's data (at least 64 MiB), copied in full; its wire bytes over the whole copy against the profile's rate.
    let incompressibleLinkUse: number | undefined;
    let incompressibleSteadyLinkUse: number | undefined;
    if (LINK !== undefined) {
      const randomMiB = Math.max(64, Math.round((sourceGiB * 1024) / 4));
      const randomSource = join(sourceDir, 'random.raw');
      const randomFile = await open(randomSource, 'w');
      for (let at = 0; at < randomMiB; at++) await randomFile.write(randomBytes(MiB), 0, MiB, at * MiB);
      await randomFile.close();
      const randomTarget = join(targetDir, 'random.raw');
      // The link's own count of what it carried toward cloud, read every 50 ms while the copy runs.
      const { result: random, samples: linkSamples } = await sampleDuring(placement.linkBytesToCloud!, () => ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL, [], false, 'bench-random', randomTarget, control, randomSource));
      await run('qemu-img', ['compare', '-q', '-f', 'raw', randomSource, '-F', 'raw', randomTarget]);
      await Promise.all([rm(randomTarget), rm(randomSource)]);
      const linkBits = linkProfile(LINK).rateBitsPerSecond;
      incompressibleLinkUse = round2((Number(random.status.wireBytes) * 8) / random.seconds / linkBits);
      // Steady state, as the link counts it (with its headers): its rate from 10% to 90% of what it carried toward cloud, without the session's opening and close.
      const steady = steadyRate(linkSamples);
      incompressibleSteadyLinkUse = steady === undefined ? undefined : round2((steady * 8) / linkBits);
      say(`ferry full of ${randomMiB} MiB of random bytes: ${random.seconds.toFixed(2)} s, ${Number(random.status.wireBytes)} wire bytes, ${(incompressibleLinkUse * 100).toFixed(0)}% of the link over the whole session, ${incompressibleSteadyLinkUse === undefined ? 'steady state not measured' : `${(incompressibleSteadyLinkUse * 100).toFixed(0)}% from 10% to 90% of the bytes the link carried (headers included)`}, target identical`);
    }

    // (b) rsync -z --sparse over ssh: the client at prem, sshd at cloud.
    const sshd = await startSshd(join(work, 'ssh'), cloud);
    stops.push(() => sshd.stop());
    const sshHost = (await placement.reach('prem', sshd.port, 'cloud')).split(':')[0]!;
    const rsyncTarget = join(work, 'rsync.raw');
    const sshdBefore = await processCpuSeconds(sshd.pid);
    const rsyncRun = ONLY_FERRY ? { seconds: 0, cpuSeconds: 0 } : await timedOn(prem, 'rsync', ['-z', '--sparse', '-e', sshd.ssh, source, `root@${sshHost}:${rsyncTarget}`]);
    const rsyncCpu = { client: rsyncRun.cpuSeconds, server: (await processCpuSeconds(sshd.pid)) - sshdBefore };
    relayCpu.rsync = await relayLap();
    const rsyncFull = rsyncRun.seconds;
    say(`rsync full: ${rsyncFull.toFixed(2)} s, CPU-s client ${rsyncCpu.client.toFixed(2)} server ${rsyncCpu.server.toFixed(2)}, relay ${relayCpu.rsync}`);

    // (c) nbdcopy from qemu-nbd with TLS: qemu-nbd at prem, nbdcopy at cloud.
    const nbd = await startQemuNbdTls(source, join(work, 'nbd'), caDir, prem);
    stops.push(() => nbd.stop());
    const nbdUri = nbd.uriFor(await placement.reach('cloud', nbd.port, LINK === undefined ? '127.0.0.1' : NBD_SERVER_NAME));
    const nbdTarget = join(work, 'nbdcopy.raw');
    const nbdcopyOnce = async () => {
      const serverBefore = await processCpuSeconds(nbd.pid);
      const result = await timedOn(cloud, 'nbdcopy', [nbdUri, nbdTarget]);
      await rm(nbdTarget, { force: true });
      return { ...result, serverCpuSeconds: (await processCpuSeconds(nbd.pid)) - serverBefore };
    };
    const nbdFirst = ONLY_FERRY ? { seconds: 0, cpuSeconds: 0, serverCpuSeconds: 0 } : await nbdcopyOnce();
    relayCpu.nbdcopy = await relayLap();
    const nbdCpu = { client: nbdFirst.cpuSeconds, server: nbdFirst.serverCpuSeconds };
    say(`nbdcopy TLS: ${nbdFirst.seconds.toFixed(2)} s, CPU-s client ${nbdCpu.client.toFixed(2)} server ${nbdCpu.server.toFixed(2)}, relay ${relayCpu.nbdcopy}`);

    // (e) compute floor, one-ended (sender) and two-ended (sender + receiver).
    await settle();
    const floor = await computeFloor(source, dataChunks, 2);
    say(`compute floor: ${floor.senderSeconds.toFixed(2)} s; two-ended ${twoEnded(floor).toFixed(2)} CPU-s (sender ${floor.senderCpuSeconds.toFixed(2)}, receiver ${floor.receiverCpuSeconds.toFixed(2)})`);

    // Further rounds (FERRY_BENCH_ROUNDS), before the delta changes the source: each a fresh full sync into a
    // new target, then nbdcopy-TLS, then the compute floor, so all three see the same machine state. (On the
    // source as the delta leaves it, 318 extents instead of 34, nbdcopy-TLS takes about half as long.)
    const rounds = { ferry: [full.seconds], pinned: [pinned.seconds], nbdcopy: [nbdFirst.seconds], floor: [floor] as ComputeFloor[] };
    const pinnedCpuRounds = [pinned.cpu];
    for (let n = 2; n <= ROUNDS; n++) {
      const roundTarget = join(targetDir, `round-${n}.raw`);
      await settle();
      cpuFloors.push(await computeFloor(source, dataChunks, 2));
      const total = (cpu: Record<string, number>): string => Object.values(cpu).reduce((a, b) => a + b, 0).toFixed(2);
      const adaptiveSync = async (): Promise<string> => {
        const { result: again, cpu } = await cpuDuring(() => ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL, [], false, `bench-round-${n}`, roundTarget));
        ferryCpuRounds.push(cpu);
        await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', roundTarget]);
        await rm(roundTarget);
        rounds.ferry.push(again.seconds);
        return `${again.seconds.toFixed(2)} s, ${total(cpu)} CPU-s`;
      };
      const pinnedSync = async (): Promise<string> => {
        const pinnedAgain = await pinnedShipper.sync(`pinned-level-round-${n}`);
        rounds.pinned.push(pinnedAgain.seconds);
        pinnedCpuRounds.push(pinnedAgain.cpu);
        return `${pinnedAgain.seconds.toFixed(2)} s, ${total(pinnedAgain.cpu)} CPU-s`;
      };
      // The two take turns going first, so that neither is always the one right after the compute floor. With the
      // same setting in both (FERRY_BENCH_PINNED_LEVEL=adaptive, 7 December 2026), the main prem-manager's syncs still
      // used 2-6% more CPU-s than the second one's in 3 of 4 rounds, whichever went first: compare the two within
      // that margin with care (docs/data-plane-performance.md).
      let again: string;
      let pinnedRun: string;
      if (n % 2 === 0) {
        pinnedRun = await pinnedSync();
        again = await adaptiveSync();
      } else {
        again = await adaptiveSync();
        pinnedRun = await pinnedSync();
      }
      if (!ONLY_FERRY) rounds.nbdcopy.push((await nbdcopyOnce()).seconds);
      await settle();
      rounds.floor.push(await computeFloor(source, dataChunks, 2));
      say(`round ${n}: ferry full ${again} (target identical), COMPRESSION_LEVEL=${pinnedLevel} ${pinnedRun} (${n % 2 === 0 ? 'it went first' : 'after it'}), nbdcopy TLS ${rounds.nbdcopy.at(-1)!.toFixed(2)} s, compute floor ${rounds.floor.at(-1)!.senderSeconds.toFixed(2)} s`);
    }
    if (ROUNDS > 1) say(`rounds (s): ${JSON.stringify({ ...rounds, floor: rounds.floor.map((f) => f.senderSeconds) })}; the table and the JSON line give each one's median`);
    const ferryFull = median(rounds.ferry);
    const nbdcopyMedian = median(rounds.nbdcopy);
    const floorMedian = median(rounds.floor.map((f) => f.senderSeconds));
    const twoEndedCpu = median(cpuFloors.map(twoEnded));
    const twoEndedAfterPeers = median(rounds.floor.map(twoEnded));
    say(`two-ended compute floor, CPU-s: ${twoEndedCpu.toFixed(2)} just before ferry's syncs (the CPU ratios use it), ${twoEndedAfterPeers.toFixed(2)} after the peers${ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds)` : ''}`);
    const ferryCpu = Object.fromEntries(Object.keys(services).map((k) => [k, median(ferryCpuRounds.map((r) => r[k]!))]));
    const ferryCpuTotal = median(ferryCpuRounds.map((r) => Object.values(r).reduce((a, b) => a + b, 0)));
    const pinnedSeconds = median(rounds.pinned);
    const pinnedCpu = Object.fromEntries(Object.keys(services).map((k) => [k, median(pinnedCpuRounds.map((r) => r[k]!))]));
    const pinnedCpuTotal = median(pinnedCpuRounds.map((r) => Object.values(r).reduce((a, b) => a + b, 0)));
    if (ROUNDS > 1) say(`CPU-s per round's full sync: ${JSON.stringify(ferryCpuRounds.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round2(v)]))))}; the table gives each service's median`);

    // Delta: 2% of all chunks change (64 KiB of random bytes in each), told as CBT tells them: the changed byte ranges.
    const total = Math.ceil(virtualSize / MiB);
    const changed = Array.from({ length: Math.round(total * 0.02) }, (_, i) => Math.floor(((i + 0.5) * total) / Math.round(total * 0.02)));
    const changeAt = async (within: number): Promise<{ areas: Array<{ offset: number; length: number }> }> => {
      const file = await open(source, 'r+');
      for (const index of changed) await file.write(randomBytes(64 * 1024), 0, 64 * 1024, index * MiB + within);
      await file.close();
      return { areas: changed.map((index) => ({ offset: index * MiB + within, length: 64 * 1024 })) };
    };
    // On a lossy link a short session's time goes mostly to the losses' stalls (each holds its connection one
    // retransmission timeout, the round trip plus 200 ms): count the ones that fell in it.
    const lossesBefore = await placement.linkLosses?.();
    const delta = await ferrySync(2, pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED, await changeAt(4096));
    const deltaLosses = lossesBefore === undefined ? undefined : (await placement.linkLosses!()) - lossesBefore;
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry delta (${changed.length} chunks): ${delta.seconds.toFixed(2)} s, target identical${deltaLosses === undefined ? '' : `; the link lost ${deltaLosses} segments during it`}`);
    const rsyncDelta = ONLY_FERRY ? 0 : (await timedOn(prem, 'rsync', ['--inplace', '--no-whole-file', '-e', sshd.ssh, source, `root@${sshHost}:${rsyncTarget}`])).seconds;
    say(`rsync delta: ${rsyncDelta.toFixed(2)} s`);
    // The same size of change once more, now with the whole source re-hashed for the digest (the cutover check).
    const verifiedDelta = await ferrySync(3, pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED, await changeAt(8192), true);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry delta with the source re-hashed: ${verifiedDelta.seconds.toFixed(2)} s, target identical`);
    // And once more told as whole changed chunks (changed_chunks, as before changed areas): every changed chunk travels whole.
    await changeAt(12288);
    const wholeChunkDelta = await ferrySync(4, pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED, changed);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry delta of whole chunks: ${wholeChunkDelta.seconds.toFixed(2)} s (changed spans: ${delta.seconds.toFixed(2)} s), target identical`);

    // FERRY_BENCH_LOG_DIR=<dir> keeps each service's log (with FERRY_BENCH_NODE_OPTIONS="--require <file that calls v8.setFlagsFromString('--trace-gc')>", its collections; Node refuses --trace-gc itself in NODE_OPTIONS).
    const logDir = process.env.FERRY_BENCH_LOG_DIR;
    if (logDir !== undefined) {
      await mkdir(logDir, { recursive: true });
      for (const [name, service] of Object.entries(services)) await writeFile(join(logDir, `${name}.log`), service.log());
    }
    process.stderr.write(`${services.prem_manager.log().split('\n').filter((l) => l.includes('session of')).join('\n')}\n`);
    const rss = await perService(services, peakRssMib);
    const perGiB = (cpu: number) => round2(cpu / sourceGiB);
    const cpuPerGiB = {
      ferry: { ...Object.fromEntries(Object.entries(ferryCpu).map(([k, v]) => [k, perGiB(v)])), total: perGiB(ferryCpuTotal) },
      ferry_pinned_level: { ...Object.fromEntries(Object.entries(pinnedCpu).map(([k, v]) => [k, perGiB(v)])), total: perGiB(pinnedCpuTotal) },
      nbdcopy_tls: { client: perGiB(nbdCpu.client), server: perGiB(nbdCpu.server), total: perGiB(nbdCpu.client + nbdCpu.server) },
      rsync: { client: perGiB(rsyncCpu.client), server: perGiB(rsyncCpu.server), total: perGiB(rsyncCpu.client + rsyncCpu.server) },
      compute_floor_two_ended: perGiB(twoEndedCpu),
      link_relay: { ferry: perGiB(relayCpu.ferry), rsync: perGiB(relayCpu.rsync), nbdcopy_tls: perGiB(relayCpu.nbdcopy) },
    };
    const rows: Array<[string, number]> = [
      ['(a) ferry full sync (lean streams, mTLS, AES-GCM, zstd)', ferryFull],
      [`ferry full sync, FLOW_WINDOW=${fixedFrames}`, fixedWindow.seconds],
      [`ferry full sync, COMPRESSION_LEVEL=${pinnedLevel}`, pinnedSeconds],
      ['ferry full sync, TRANSFER_STRIPES=0 (one connection)', oneConnection.seconds],
      ['(b) rsync -z --sparse over ssh', rsyncFull],
      ['(c) nbdcopy from qemu-nbd with TLS', nbdcopyMedian],
      ['(d) qemu-img convert, local raw copy (floor)', qemuImgLocal],
      ['(e) compute floor (hash+zstd+AES-GCM, 2 threads)', floorMedian],
      [`ferry delta sync (${changed.length} changed chunks, their spans)`, delta.seconds],
      ['ferry delta sync, whole changed chunks', wholeChunkDelta.seconds],
      ['rsync --inplace --no-whole-file over ssh (delta)', rsyncDelta],
      ['ferry delta, whole source re-hashed (cutover check)', verifiedDelta.seconds],
    ];
    const where = placement.measured === undefined ? 'loopback' : `link ${placement.name} (measured ${placement.measured.rttMs.toFixed(1)} ms, ${(placement.measured.bitsPerSecond / 1e6).toFixed(0)} Mbit/s)`;
    process.stdout.write(`\n${where}; ${sourceGiB.toFixed(2)} GiB of source data\n${'run'.padEnd(52)} seconds\n`);
    for (const [name, seconds] of rows) process.stdout.write(`${name.padEnd(52)} ${seconds.toFixed(2).padStart(7)}\n`);
    // What the full sync's wire bytes took of the profile's rate over its whole duration (mixed data: its
    // compressible parts are sent faster than the source seals them).
    const linkUse = LINK === undefined ? undefined : round2((Number(full.status.wireBytes) * 8) / full.seconds / linkProfile(LINK).rateBitsPerSecond);
    if (linkUse !== undefined) process.stdout.write(`ferry full sync used ${(linkUse * 100).toFixed(0)}% of the link's ${(linkProfile(LINK!).rateBitsPerSecond / 1e6).toFixed(0)} Mbit/s on average; ${((incompressibleLinkUse ?? 0) * 100).toFixed(0)}% on incompressible data (${((incompressibleSteadyLinkUse ?? 0) * 100).toFixed(0)}% in its steady state)\n`);
    process.stdout.write(`ferry wire bytes (full): ${Number(full.status.wireBytes)}; peak RSS MiB: ${JSON.stringify(rss)}\n`);
    process.stdout.write(`ferry compression (full, first round): ${describeCompression(compression)}; COMPRESSION_LEVEL=${pinnedLevel}: ${describeCompression(pinnedCompression)}\n`);
    process.stdout.write(`CPU-s per GiB of source data: ${JSON.stringify(cpuPerGiB)}\n`);
    process.stdout.write(`ferry services / two-ended floor, CPU-s: ${(ferryCpuTotal / twoEndedCpu).toFixed(2)}x (adaptive${ROUNDS > 1 ? `, medians of ${ROUNDS} rounds` : ''}); COMPRESSION_LEVEL=${pinnedLevel}: ${(pinnedCpuTotal / twoEndedCpu).toFixed(2)}x\n`);
    process.stdout.write(`ferry/floor ${(ferryFull / floorMedian).toFixed(2)}x; ferry/nbdcopy-TLS ${ONLY_FERRY ? '-' : (ferryFull / nbdcopyMedian).toFixed(2)}x; rsync/ferry ${(rsyncFull / ferryFull).toFixed(1)}x; rsync delta / ferry delta ${(rsyncDelta / delta.seconds).toFixed(1)}x${ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds)` : ''}\n`);
    process.stdout.write(`${JSON.stringify({
      link: placement.name, link_rtt_ms: measured ? round2(measured.rttMs) : undefined, link_mbit_s: measured ? Math.round(measured.bitsPerSecond / 1e6) : undefined, source_gib: round2(sourceGiB),
      ferry_full_s: round2(ferryFull), ferry_full_fixed_window_s: round2(fixedWindow.seconds), ferry_full_pinned_level_s: round2(pinnedSeconds), ferry_full_one_connection_s: round2(oneConnection.seconds), ferry_link_use: linkUse, ferry_incompressible_link_use: incompressibleLinkUse, ferry_incompressible_steady_link_use: incompressibleSteadyLinkUse, ferry_compression: compression, ferry_pinned_compression: pinnedCompression, rsync_full_s: round2(rsyncFull), nbdcopy_tls_s: round2(nbdcopyMedian), qemu_img_local_s: round2(qemuImgLocal),
      compute_floor_s: round2(floorMedian), compute_floor_two_ended_cpu_s: round2(twoEndedCpu), compute_floor_two_ended_after_peers_cpu_s: round2(twoEndedAfterPeers), ferry_delta_s: round2(delta.seconds), ferry_delta_link_losses: deltaLosses, ferry_delta_whole_chunks_s: round2(wholeChunkDelta.seconds), ferry_delta_wire_bytes: Number(delta.status.wireBytes), ferry_delta_whole_chunks_wire_bytes: Number(wholeChunkDelta.status.wireBytes), rsync_delta_s: round2(rsyncDelta),
      ferry_wire_bytes: Number(full.status.wireBytes), cpu_s_per_gib: cpuPerGiB, peak_rss_mib: rss,
    })}\n`);
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:transfer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
