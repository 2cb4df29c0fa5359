import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Image kinds made by qemu-img from one raw source. */
export const DISK_IMAGE_KINDS = [
  'raw',
  'qcow2-v2',
  'qcow2-v3',
  'qcow2-compressed',
  'vmdk-monolithicFlat',
  'vmdk-monolithicSparse',
  'vmdk-streamOptimized',
] as const;
export type DiskImageKind = (typeof DISK_IMAGE_KINDS)[number];

/** A region of a generated source disk. */
export interface SourceRegion {
  offset: number;
  length: number;
  kind: 'random' | 'text' | 'zero';
}

/** Runs a command, failing with its stderr in the message. */
async function sh(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 64 * 2 ** 20 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Runs qemu-img with arguments; returns stdout. */
export async function qemuImg(...args: string[]): Promise<string> {
  return sh('qemu-img', args);
}

/** A fresh temporary directory and its removal. */
export async function makeTempDir(prefix = 'ferry-disk-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Random bytes read from /dev/urandom with head(1). */
export async function urandom(length: number): Promise<Buffer> {
  const { stdout } = await run('head', ['-c', String(length), '/dev/urandom'], { encoding: 'buffer', maxBuffer: length + 1024 });
  return stdout;
}

/**
 * The default layout: random, compressible text and zero regions at odd offsets and lengths
 * (not multiples of 64 KiB grains/clusters nor 1 MiB chunks). `size` is rounded to 512.
 */
export function defaultRegions(size: number): SourceRegion[] {
  const regions: SourceRegion[] = [];
  const kinds: SourceRegion['kind'][] = ['random', 'zero', 'text', 'random', 'zero', 'text', 'zero'];
  const lengths = [100_003, 333_333, 77_777, 1_500, 600_001, 250_000, 444_444];
  let offset = 4_097;
  for (let i = 0; offset < size; i++) {
    const length = Math.min(lengths[i % lengths.length] ?? 1, size - offset);
    regions.push({ offset, length, kind: kinds[i % kinds.length] ?? 'zero' });
    offset += length;
  }
  return regions;
}

/** Writes a raw disk of `size` bytes (sectors) with the regions filled; returns the regions. */
export async function makeSourceRaw(path: string, size: number, regions = defaultRegions(size)): Promise<SourceRegion[]> {
  const rounded = Math.ceil(size / 512) * 512;
  await qemuImg('create', '-q', '-f', 'raw', path, String(rounded));
  const file = await open(path, 'r+');
  try {
    for (const region of regions) {
      if (region.kind === 'zero') continue;
      const data = region.kind === 'random' ? await urandom(region.length) : Buffer.alloc(region.length, `ferry compressible text at ${region.offset}\n`);
      await file.write(data, 0, data.length, region.offset);
    }
  } finally {
    await file.close();
  }
  return regions;
}

/** Converts a raw source into one image kind with qemu-img convert; returns the image path. */
export async function makeImage(raw: string, kind: DiskImageKind, out: string): Promise<string> {
  const convert = (...args: string[]) => qemuImg('convert', '-q', '-f', 'raw', ...args, raw, out);
  switch (kind) {
    case 'raw':
      await convert('-O', 'raw');
      break;
    case 'qcow2-v2':
      await convert('-O', 'qcow2', '-o', 'compat=0.10');
      break;
    case 'qcow2-v3':
      await convert('-O', 'qcow2', '-o', 'compat=1.1');
      break;
    case 'qcow2-compressed':
      await convert('-O', 'qcow2', '-c', '-o', 'compat=1.1');
      break;
    case 'vmdk-monolithicFlat':
    case 'vmdk-monolithicSparse':
    case 'vmdk-streamOptimized':
      await convert('-O', 'vmdk', '-o', `subformat=${kind.slice('vmdk-'.length)}`);
      break;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown image kind ${String(unreachable)}`);
    }
  }
  return out;
}

/**
 * A three-image qcow2 chain over `raw`: base (v3 copy of raw) ← mid (v2, writes) ← top (v3,
 * writes and zeroed clusters over data below). Backing names are relative. Returns all paths.
 */
export async function makeBackingChain(dir: string, raw: string): Promise<{ base: string; mid: string; top: string }> {
  const base = await makeImage(raw, 'qcow2-v3', join(dir, 'chain-base.qcow2'));
  const mid = join(dir, 'chain-mid.qcow2');
  const top = join(dir, 'chain-top.qcow2');
  await qemuImg('create', '-q', '-f', 'qcow2', '-o', 'compat=0.10', '-b', 'chain-base.qcow2', '-F', 'qcow2', mid);
  await sh('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xab 65536 70000', '-c', 'write -P 0x5c 1000000 4096', mid]);
  await qemuImg('create', '-q', '-f', 'qcow2', '-o', 'compat=1.1', '-b', 'chain-mid.qcow2', '-F', 'qcow2', top);
  await sh('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x11 131072 9000', '-c', 'write -z 0 65536', '-c', 'write -z 393216 131072', top]);
  return { base, mid, top };
}

/** qemu-img convert -O raw into `out`; returns `out`. */
export async function qemuConvertToRaw(path: string, out: string): Promise<string> {
  await qemuImg('convert', '-q', '-O', 'raw', path, out);
  return out;
}

/**
 * qemu-img compare (guest contents); identical is exit status 0. Name the formats (e.g. 'raw') where
 * probing could guess wrong, as for raw targets full of random data.
 */
export async function qemuCompare(a: string, b: string, formats: { a?: string; b?: string } = {}): Promise<{ identical: boolean; output: string }> {
  const flags = [...(formats.a ? ['-f', formats.a] : []), ...(formats.b ? ['-F', formats.b] : [])];
  try {
    return { identical: true, output: await qemuImg('compare', ...flags, a, b) };
  } catch (error) {
    return { identical: false, output: (error as Error).message };
  }
}

/** qemu-img check (consistency of a qcow2/vmdk); ok is exit status 0. */
export async function qemuCheck(path: string): Promise<{ ok: boolean; output: string }> {
  try {
    return { ok: true, output: await qemuImg('check', path) };
  } catch (error) {
    return { ok: false, output: (error as Error).message };
  }
}
