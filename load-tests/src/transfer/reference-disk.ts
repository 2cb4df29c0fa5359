import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { debianTree } from '@ferry/testing';

const run = promisify(execFile);
const MiB = 1 << 20;
export const REFERENCE_SIZE = 8 * 1024 * MiB;

/** Writes `size` bytes of syslog-like lines (compressible, not trivially). */
async function writeLogs(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const hosts = ['web-1', 'db-2', 'cache-3', 'batch-4'];
  let written = 0;
  for (let i = 0; written < size; i++) {
    const line = `2026-11-22T08:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${i % 1000} ${hosts[i % 4]} app[${1000 + (i % 97)}]: request ${i} path=/api/v1/items/${(i * 7919) % 100_000} status=${i % 13 === 0 ? 500 : 200} bytes=${(i * 31) % 65_536} took=${(i * 17) % 900}ms\n`;
    written += line.length;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * The benchmark's reference disk: 8 GiB virtual, about 1 GiB allocated — a debootstrapped Debian
 * tree (cached by @ferry/testing), 200 MiB of logs and 150 MiB of random data in an ext4 file system
 * made with `mkfs.ext4 -d` (no loop device). Cached under $FERRY_CACHE_DIR or ~/.cache/ferry,
 * keyed by this file's hash.
 */
export async function referenceDisk(): Promise<string> {
  const script = await readFile(__filename);
  const key = createHash('sha256').update(script).digest('hex').slice(0, 12);
  const dir = join(process.env.FERRY_CACHE_DIR ?? join(homedir(), '.cache', 'ferry'), `bench-transfer-disk-${key}`);
  const image = join(dir, 'reference.raw');
  if (await stat(image).then(() => true, () => false)) return image;
  await rm(dir, { recursive: true, force: true });
  const staging = join(dir, 'staging');
  await mkdir(join(staging, 'var', 'log', 'bench'), { recursive: true });
  const { tree } = await debianTree();
  await run('cp', ['-a', `${tree}/.`, staging], { maxBuffer: 16 * MiB });
  await writeLogs(join(staging, 'var', 'log', 'bench', 'app.log'), 200 * MiB);
  const random = createWriteStream(join(staging, 'var', 'lib', 'random.bin'));
  for (let i = 0; i < 150; i++) if (!random.write(randomBytes(MiB))) await new Promise<void>((resolve) => random.once('drain', () => resolve()));
  await new Promise<void>((resolve) => random.end(resolve));
  const tmp = `${image}.tmp`;
  await run('mkfs.ext4', ['-q', '-F', '-d', staging, '-L', 'ferry-bench', tmp, `${REFERENCE_SIZE / MiB}M`], { maxBuffer: 16 * MiB });
  await rm(staging, { recursive: true, force: true });
  await rename(tmp, image);
  return image;
}
