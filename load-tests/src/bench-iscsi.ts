// npm run bench:iscsi — our iSCSI cache target against Debian's tgtd serving the same raw image,
// measured with libiscsi's iscsi-perf: sequential 1 MiB reads and random 4 KiB reads.
// Our target starts with an empty cache; a warm-up pass fetches every chunk on demand (that is
// where the miss latency comes from), then both targets are measured warm, alternately.
// Prints, last: {"ferry_seq_mib_s":…,"tgt_seq_mib_s":…,"ferry_rand_iops":…,"tgt_rand_iops":…,"miss_p99_ms":…}
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@ferry/testing';

const SIZE_MIB = Number(process.env.BENCH_ISCSI_MIB ?? 512);
const SECONDS = Number(process.env.BENCH_ISCSI_SECONDS ?? 8);
const SERVE = join(__dirname, '..', '..', '..', 'services', 'cloud-cache', 'dist', 'scripts', 'serve-image.js');
/** Our target serves with CHAP (only the login differs; tgtd's open target reads the same). */
const CHAP = { user: 'bench', secret: 'bench-secret-42' };
const children: ChildProcess[] = [];
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function exec(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${out}`))));
  });
}

/** Runs iscsi-perf and returns its final average IOPS. */
async function perf(url: string, mode: 'seq' | 'rand', seconds = SECONDS): Promise<number> {
  const args = mode === 'seq' ? ['-m', '16', '-b', '2048'] : ['-m', '32', '-b', '8', '-r'];
  const out = await exec('iscsi-perf', [...args, '-t', String(seconds), url]);
  const all = [...out.matchAll(/iops average (\d+)/g)];
  const last = all[all.length - 1];
  if (!last) throw new Error(`iscsi-perf printed no average:\n${out}`);
  return Number(last[1]);
}

async function makeImage(path: string): Promise<void> {
  const file = await open(path, 'w');
  for (let mib = 0; mib < SIZE_MIB; mib++) await file.write(randomBytes(1 << 20), 0, 1 << 20, mib << 20);
  await file.sync();
  await file.close();
}

async function startFerry(image: string, cacheDir: string): Promise<{ url: string; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [SERVE, '--image', image, '--cache-dir', cacheDir, '--port', '0', '--iqn', 'iqn.2024-01.io.ferry:bench', '--no-hydrate', '--chap', `${CHAP.user}:${CHAP.secret}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve-image exited ${code}`)));
  });
  return {
    url: `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${port}/iqn.2024-01.io.ferry:bench/0`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(out));
        child.kill('SIGTERM');
      }),
  };
}

/** tgtd in the foreground on its own portal and its own control port (never the system's). */
async function startTgt(image: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const control = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('tgtd', ['-f', '-C', String(control), '--iscsi', `portal=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitForPort(port, '127.0.0.1', 20_000);
  const adm = (...args: string[]): Promise<string> => exec('tgtadm', ['-C', String(control), '--lld', 'iscsi', ...args]);
  await adm('--op', 'new', '--mode', 'target', '--tid', '1', '-T', 'iqn.2024-01.io.ferry:tgt');
  await adm('--op', 'new', '--mode', 'logicalunit', '--tid', '1', '--lun', '1', '-b', image);
  await adm('--op', 'bind', '--mode', 'target', '--tid', '1', '-I', 'ALL');
  return {
    url: `iscsi://127.0.0.1:${port}/iqn.2024-01.io.ferry:tgt/1`,
    stop: async () => {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-bench-iscsi-'));
  try {
    const image = join(dir, 'disk.raw');
    await makeImage(image);
    const ferry = await startFerry(image, join(dir, 'cache'));
    const tgt = await startTgt(image);
    // Warm-up: our cache starts empty, so this pass fetches every chunk on demand.
    await perf(ferry.url, 'seq', 3);
    await perf(tgt.url, 'seq', 3);
    const r = { ferrySeq: 0, tgtSeq: 0, ferryRand: 0, tgtRand: 0 };
    r.ferrySeq = await perf(ferry.url, 'seq');
    r.tgtSeq = await perf(tgt.url, 'seq');
    r.tgtRand = await perf(tgt.url, 'rand');
    r.ferryRand = await perf(ferry.url, 'rand');
    await tgt.stop();
    const final = await ferry.stop();
    const summaryLine = final.trim().split('\n').pop() ?? '[]';
    const summary = (JSON.parse(summaryLine) as Array<{ fetchLatencyMs: { p99: number }; onDemandFetches: number }>)[0];
    process.stderr.write(`ferry: seq ${r.ferrySeq} MiB/s, rand ${r.ferryRand} IOPS; tgt: seq ${r.tgtSeq} MiB/s, rand ${r.tgtRand} IOPS; on-demand fetches ${summary?.onDemandFetches}\n`);
    process.stdout.write(
      `${JSON.stringify({ ferry_seq_mib_s: r.ferrySeq, tgt_seq_mib_s: r.tgtSeq, ferry_rand_iops: r.ferryRand, tgt_rand_iops: r.tgtRand, miss_p99_ms: Number((summary?.fetchLatencyMs.p99 ?? 0).toFixed(3)) })}\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
