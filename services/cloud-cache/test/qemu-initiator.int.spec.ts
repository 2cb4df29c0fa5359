/**
 * qemu's iscsi driver (qemu-block-extra) as a real initiator: a copy over iSCSI equals the backing
 * image; writes survive a restart; writes acknowledged with FUA or followed by SYNCHRONIZE CACHE
 * survive kill -9 of the target.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killChild, makeSourceImage, run, spawnTarget } from './support/tools';

const IQN = 'iqn.2024-01.io.ferry:qemu';
const CHAP = { user: 'qemu-host', secret: 'qemu-secret-042' };

describe('qemu initiator over our target', () => {
  let dir: string;
  let source: string;
  let child: ChildProcess | undefined;
  let port = 0;

  const start = async (): Promise<void> => {
    const started = await spawnTarget(['--image', source, '--cache-dir', join(dir, 'cache'), '--port', String(port), '--iqn', IQN, '--no-hydrate', '--chap', `${CHAP.user}:${CHAP.secret}`]);
    child = started.child;
    port = started.port;
  };
  const url = (): string => `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${port}/${IQN}/0`;
  const copyOut = async (name: string): Promise<Buffer> => {
    const out = join(dir, name);
    const r = await run('qemu-img', ['convert', '-O', 'raw', url(), out]);
    if (r.code !== 0) throw new Error(`qemu-img convert failed: ${r.stderr}`);
    return readFile(out);
  };
  const qemuIo = async (...commands: string[]): Promise<void> => {
    const r = await run('qemu-io', ['-f', 'raw', ...commands.flatMap((c) => ['-c', c]), url()]);
    // `abort` ends qemu-io by SIGABRT on purpose: nothing is flushed on the way out.
    if (r.code !== 0 && !commands.includes('abort')) throw new Error(`qemu-io failed: ${r.stdout}${r.stderr}`);
  };

  beforeAll(async () => {
    const built = await run('npx', ['tsc', '-b', join(__dirname, '..')]);
    if (built.code !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
    dir = await mkdtemp(join(tmpdir(), 'ferry-qemu-'));
    source = join(dir, 'source.raw');
    await makeSourceImage(source, 24);
    await start();
  }, 120_000);

  afterAll(async () => {
    if (child) await killChild(child);
    await rm(dir, { recursive: true, force: true });
  });

  it('qemu-img convert from iscsi:// equals the backing image while the cache starts empty', async () => {
    const copy = await copyOut('copy.raw');
    expect(copy.equals(await readFile(source))).toBe(true);
  }, 120_000);

  it('data written through qemu-io reads back identically after a restart and after kill -9', async () => {
    const expected = await readFile(source);
    await qemuIo('write -P 0x5a 1M 1M', 'write -P 0x33 5000k 64k'); // qemu-io flushes (SYNCHRONIZE CACHE) on close
    expected.fill(0x5a, 1 << 20, 2 << 20);
    expected.fill(0x33, 5000 << 10, (5000 + 64) << 10);

    await killChild(child as ChildProcess, 'SIGTERM');
    await start();
    expect((await copyOut('after-restart.raw')).equals(expected)).toBe(true);

    // FUA write, then qemu-io aborts (no flush on exit) and the target is killed with SIGKILL.
    await qemuIo('write -f -P 0x77 9M 12k', 'abort');
    expected.fill(0x77, 9 << 20, (9 << 20) + (12 << 10));
    await killChild(child as ChildProcess, 'SIGKILL');
    await start();
    expect((await copyOut('after-kill9.raw')).equals(expected)).toBe(true);

    // A write followed by an explicit flush (SYNCHRONIZE CACHE), then kill -9.
    await qemuIo('write -P 0x11 20M 3M', 'flush', 'abort');
    expected.fill(0x11, 20 << 20, 23 << 20);
    await killChild(child as ChildProcess, 'SIGKILL');
    await start();
    expect((await copyOut('after-flush-kill9.raw')).equals(expected)).toBe(true);
  }, 240_000);
});
