// npm run bench:transfer — ferry's data plane against rsync, nbdcopy-TLS, qemu-img and the compute floor.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf, mutualTlsClient, planChunks, RawFileSource } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { startNats, startService, type ServiceHandle } from '@ferry/testing';
import { computeFloor } from './transfer/compute-floor';
import { settle, startQemuNbdTls, startSshd, timed } from './transfer/peers';
import { referenceDisk } from './transfer/reference-disk';

const run = promisify(execFile);
const MiB = 1 << 20;
const pb = ferry.dataplane.v1;

async function peakRssMib(pid: number | undefined): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** FERRY_BENCH_ONLY=ferry runs ferry and the compute floor only (for profiling); peers then report 0. */
const ONLY_FERRY = process.env.FERRY_BENCH_ONLY === 'ferry';
/**
 * FERRY_BENCH_ROUNDS=n (default 1) runs ferry's full sync, nbdcopy-TLS and the compute floor n times,
 * interleaved, and reports each one's median: on a noisy machine one round can be off by a third.
 */
const ROUNDS = Number(process.env.FERRY_BENCH_ROUNDS ?? '1');

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function currentRssMib(pid: number | undefined): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? NaN) / 1024);
}

/** CPU seconds a process has used so far, in user and in system mode, and its minor page faults (fresh memory touched). */
async function processCounters(pid: number | undefined): Promise<{ user: number; sys: number; faults: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /, '').split(' ');
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100, faults: Number(fields[7]) };
}

async function main(): Promise<void> {
  const say = (line: string) => process.stderr.write(`bench:transfer: ${line}\n`);
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`FERRY_BENCH_ROUNDS=${process.env.FERRY_BENCH_ROUNDS}: give a whole number of rounds, at least 1`);
  say('building or reusing the reference disk (8 GiB virtual, ~1 GiB allocated)');
  const reference = await referenceDisk();
  const work = await mkdtemp(join(tmpdir(), 'ferry-bench-transfer-'));
  const stops: Array<() => Promise<unknown> | void> = [];
  try {
    const sourceDir = join(work, 'source');
    const targetDir = join(work, 'target');
    const caDir = join(work, 'site-ca');
    await Promise.all([mkdir(sourceDir), mkdir(targetDir)]);
    const source = join(sourceDir, 'disk.raw');
    await run('cp', ['--sparse=always', reference, source]);
    const raw = await RawFileSource.open(source);
    const dataChunks: Array<{ index: number; offset: number; length: number }> = [];
    for await (const chunk of planChunks(raw.extents(), raw.virtualSize, MiB)) if (chunk.kind === 'data') dataChunks.push(chunk);
    await raw.close();
    say(`${dataChunks.length} allocated 1 MiB chunks of ${raw.virtualSize / MiB}`);

    // (d) the floor without network or crypto, also warms the page cache for everyone after it.
    const qemuImgLocal = await timed('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', source, join(work, 'qemu-img.raw')]);
    await rm(join(work, 'qemu-img.raw'));
    say(`qemu-img convert: ${qemuImgLocal.toFixed(2)} s`);

    // (a) ferry over the real services.
    const nats = await startNats();
    stops.push(() => nats.stop());
    const common = { NATS_URL: nats.url, CA_DIR: caDir, LOG_LEVEL: 'warn', NODE_OPTIONS: process.env.FERRY_BENCH_NODE_OPTIONS ?? '' };
    const services: Record<string, ServiceHandle> = {};
    services.prem_esxi_manager = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    services.cloud_manager = await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: targetDir, STATE_DIR: join(work, 'cloud-state') });
    services.prem_manager = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(work, 'prem-data') });
    say(`idle RSS MiB: ${JSON.stringify(Object.fromEntries(await Promise.all(Object.entries(services).map(async ([k, v]) => [k, await currentRssMib(v.pid)]))))}`);
    for (const service of Object.values(services)) stops.push(() => service.stop());
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${services.prem_manager.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'bench')) });
    stops.push(() => control.close());
    const target = join(targetDir, 'disk.raw');
    const ferrySync = async (generation: number, mode: number, changedChunks: number[] = [], rehashSource = false, migrationId = 'bench', targetPath = target) => {
      const id = { migrationId, diskId: 'disk-0', generation };
      await settle();
      const started = process.hrtime.bigint();
      await unaryCall(control, 'StartTransfer', {
        ...id, sourceEndpoint: `127.0.0.1:${services.prem_esxi_manager!.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${source}`,
        targetEndpoint: `127.0.0.1:${services.cloud_manager!.ports.INTERCONNECT_PORT}`, targetPath, mode, changedChunks, rehashSource,
      });
      for (;;) {
        const status = await unaryCall<unknown, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', id);
        if (status.state === pb.TransferState.TRANSFER_STATE_COMPLETED) return { seconds: Number(process.hrtime.bigint() - started) / 1e9, status };
        if (status.state === pb.TransferState.TRANSFER_STATE_FAILED) throw new Error(`ferry transfer failed: ${status.error}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const cpuBefore = await Promise.all(Object.values(services).map((v) => processCounters(v.pid)));
    const full = await ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL);
    const cpuAfter = await Promise.all(Object.values(services).map((v) => processCounters(v.pid)));
    say(`peak RSS MiB after the full sync: ${JSON.stringify(Object.fromEntries(await Promise.all(Object.entries(services).map(async ([k, v]) => [k, await peakRssMib(v.pid)]))))}`);
    say(`CPU seconds (user+sys) during the full sync: ${Object.keys(services).map((k, i) => `${k} ${(cpuAfter[i]!.user - cpuBefore[i]!.user).toFixed(2)}+${(cpuAfter[i]!.sys - cpuBefore[i]!.sys).toFixed(2)}`).join(', ')}`);
    say(`minor page faults during the full sync: ${Object.keys(services).map((k, i) => `${k} ${cpuAfter[i]!.faults - cpuBefore[i]!.faults}`).join(', ')}`);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry full: ${full.seconds.toFixed(2)} s, target identical`);

    // (b) rsync -z --sparse over ssh on loopback.
    const sshd = await startSshd(join(work, 'ssh'));
    stops.push(() => sshd.stop());
    const rsyncTarget = join(work, 'rsync.raw');
    const rsyncFull = ONLY_FERRY ? 0 : await timed('rsync', ['-z', '--sparse', '-e', sshd.ssh, source, `root@127.0.0.1:${rsyncTarget}`]);
    say(`rsync full: ${rsyncFull.toFixed(2)} s`);

    // (c) nbdcopy from qemu-nbd with TLS.
    const nbd = await startQemuNbdTls(source, join(work, 'nbd'), caDir);
    stops.push(() => nbd.stop());
    const nbdTarget = join(work, 'nbdcopy.raw');
    const nbdcopyTls = ONLY_FERRY ? 0 : await timed('nbdcopy', [nbd.uri, nbdTarget]);
    await rm(nbdTarget, { force: true });
    say(`nbdcopy TLS: ${nbdcopyTls.toFixed(2)} s`);

    // (e) compute floor.
    await settle();
    const floor = await computeFloor(source, dataChunks, 2);
    say(`compute floor: ${floor.toFixed(2)} s`);

    // Further rounds (FERRY_BENCH_ROUNDS), before the delta changes the source: each a fresh full sync into a
    // new target, then nbdcopy-TLS, then the compute floor, so all three see the same machine state. (On the
    // source as the delta leaves it, 318 extents instead of 34, nbdcopy-TLS takes about half as long.)
    const rounds = { ferry: [full.seconds], nbdcopy: [nbdcopyTls], floor: [floor] };
    for (let n = 2; n <= ROUNDS; n++) {
      const roundTarget = join(targetDir, `round-${n}.raw`);
      const again = await ferrySync(1, pb.TransferMode.TRANSFER_MODE_FULL, [], false, `bench-round-${n}`, roundTarget);
      await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', roundTarget]);
      await rm(roundTarget);
      rounds.ferry.push(again.seconds);
      if (!ONLY_FERRY) {
        rounds.nbdcopy.push(await timed('nbdcopy', [nbd.uri, nbdTarget]));
        await rm(nbdTarget, { force: true });
      }
      await settle();
      rounds.floor.push(await computeFloor(source, dataChunks, 2));
      say(`round ${n}: ferry full ${again.seconds.toFixed(2)} s (target identical), nbdcopy TLS ${rounds.nbdcopy.at(-1)!.toFixed(2)} s, compute floor ${rounds.floor.at(-1)!.toFixed(2)} s`);
    }
    if (ROUNDS > 1) say(`rounds (s): ${JSON.stringify(rounds)}; the table and the JSON line give each one's median`);
    const ferryFull = median(rounds.ferry);
    const nbdcopyMedian = median(rounds.nbdcopy);
    const floorMedian = median(rounds.floor);

    // Delta: 2% of all chunks change (64 KiB of random bytes in each).
    const total = Math.ceil((8 * 1024 * MiB) / MiB);
    const changed = Array.from({ length: Math.round(total * 0.02) }, (_, i) => Math.floor(((i + 0.5) * total) / Math.round(total * 0.02)));
    const file = await open(source, 'r+');
    for (const index of changed) await file.write(randomBytes(64 * 1024), 0, 64 * 1024, index * MiB + 4096);
    await file.close();
    const delta = await ferrySync(2, pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED, changed);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry delta (${changed.length} chunks): ${delta.seconds.toFixed(2)} s, target identical`);
    const rsyncDelta = ONLY_FERRY ? 0 : await timed('rsync', ['--inplace', '--no-whole-file', '-e', sshd.ssh, source, `root@127.0.0.1:${rsyncTarget}`]);
    say(`rsync delta: ${rsyncDelta.toFixed(2)} s`);
    // The same size of change once more, now with the whole source re-hashed for the digest (the cutover check).
    const file2 = await open(source, 'r+');
    for (const index of changed) await file2.write(randomBytes(64 * 1024), 0, 64 * 1024, index * MiB + 8192);
    await file2.close();
    const verifiedDelta = await ferrySync(3, pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED, changed, true);
    await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
    say(`ferry delta with the source re-hashed: ${verifiedDelta.seconds.toFixed(2)} s, target identical`);

    // FERRY_BENCH_LOG_DIR=<dir> keeps each service's log (with FERRY_BENCH_NODE_OPTIONS="--require <file that calls v8.setFlagsFromString('--trace-gc')>", its collections; Node refuses --trace-gc itself in NODE_OPTIONS).
    const logDir = process.env.FERRY_BENCH_LOG_DIR;
    if (logDir !== undefined) for (const [name, service] of Object.entries(services)) await writeFile(join(logDir, `${name}.log`), service.log());
    process.stderr.write(`${services.prem_manager.log().split('\n').filter((l) => l.includes('session of')).join('\n')}\n`);
    const rss = {
      prem_esxi_manager: await peakRssMib(services.prem_esxi_manager.pid),
      prem_manager: await peakRssMib(services.prem_manager.pid),
      cloud_manager: await peakRssMib(services.cloud_manager.pid),
    };
    const rows: Array<[string, number]> = [
      ['(a) ferry full sync (gRPC, mTLS, AES-GCM, zstd)', ferryFull],
      ['(b) rsync -z --sparse over ssh', rsyncFull],
      ['(c) nbdcopy from qemu-nbd with TLS', nbdcopyMedian],
      ['(d) qemu-img convert, local raw copy (floor)', qemuImgLocal],
      ['(e) compute floor (hash+zstd+AES-GCM, 2 threads)', floorMedian],
      [`ferry delta sync (${changed.length} changed chunks)`, delta.seconds],
      ['rsync --inplace --no-whole-file over ssh (delta)', rsyncDelta],
      ['ferry delta, whole source re-hashed (cutover check)', verifiedDelta.seconds],
    ];
    process.stdout.write(`\n${'run'.padEnd(52)} seconds\n`);
    for (const [name, seconds] of rows) process.stdout.write(`${name.padEnd(52)} ${seconds.toFixed(2).padStart(7)}\n`);
    process.stdout.write(`ferry wire bytes (full): ${Number(full.status.wireBytes)}; peak RSS MiB: ${JSON.stringify(rss)}\n`);
    process.stdout.write(`ferry/floor ${(ferryFull / floorMedian).toFixed(2)}x; ferry/nbdcopy-TLS ${ONLY_FERRY ? '-' : (ferryFull / nbdcopyMedian).toFixed(2)}x; rsync delta / ferry delta ${(rsyncDelta / delta.seconds).toFixed(1)}x${ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds)` : ''}\n`);
    const round = (n: number) => Math.round(n * 100) / 100;
    process.stdout.write(`${JSON.stringify({
      ferry_full_s: round(ferryFull), rsync_full_s: round(rsyncFull), nbdcopy_tls_s: round(nbdcopyMedian), qemu_img_local_s: round(qemuImgLocal),
      compute_floor_s: round(floorMedian), ferry_delta_s: round(delta.seconds), rsync_delta_s: round(rsyncDelta), ferry_wire_bytes: Number(full.status.wireBytes), peak_rss_mib: rss,
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
