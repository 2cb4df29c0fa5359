import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The cached Debian bookworm guest built by infra/images/build-debian-tree.sh. */
export interface DebianTree {
  /** The cached tree. Read it; never modify it (extract a copy with {@link extractDebianTree}). */
  readonly tree: string;
  /** Uncompressed tarball of the tree, for fresh copies. */
  readonly tarball: string;
}

/** The cached bootable disk image built by infra/images/build-bootable-debian.sh. */
export interface BootableDebianImage {
  /** Raw disk image: MBR, ext4 partition 1 (label ferry-root) at 1 MiB, grub for BIOS. Copy it before writing. */
  readonly image: string;
  /** Kernel and initramfs of the image as built, for qemu -kernel/-initrd boots. */
  readonly vmlinuz: string;
  readonly initrd: string;
  /** UUID of the root file system. */
  readonly rootUuid: string;
  /** Byte offset of partition 1 in the image. */
  readonly partitionOffset: number;
}

function imagesDir(): string {
  // Works from src/ (jest) and dist/src/ (built): walk up to the folder holding infra/images.
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'infra', 'images');
    if (existsSync(join(candidate, 'build-debian-tree.sh'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`infra/images/build-debian-tree.sh not found above ${__dirname}; run from the Ferry repository`);
    dir = parent;
  }
}

async function lastLineOf(script: string): Promise<string> {
  if (process.getuid?.() !== 0) {
    throw new Error(`${script} must run as root (debootstrap, chroot, losetup); run the tests as root`);
  }
  const { stdout } = await run('bash', [join(imagesDir(), script)], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  const line = stdout.trim().split('\n').pop();
  if (!line) throw new Error(`${script} printed no path`);
  return line;
}

/** Builds the Debian tree once (cached under $FERRY_CACHE_DIR or ~/.cache/ferry) and returns it. */
export async function debianTree(): Promise<DebianTree> {
  const tree = await lastLineOf('build-debian-tree.sh');
  return { tree, tarball: join(dirname(tree), 'debian-bookworm.tar') };
}

/** Extracts a fresh, writable copy of the cached Debian tree into `dest` (created if missing). */
export async function extractDebianTree(dest: string): Promise<string> {
  const { tarball } = await debianTree();
  await mkdir(dest, { recursive: true });
  await run('tar', ['-C', dest, '--numeric-owner', '-xf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  return dest;
}

/** Builds the bootable image once (cached) and returns where it and its kernel/initrd are. */
export async function bootableDebianImage(): Promise<BootableDebianImage> {
  const image = await lastLineOf('build-bootable-debian.sh');
  const dir = dirname(image);
  const env = Object.fromEntries(
    (await readFile(join(dir, 'image.env'), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    image,
    vmlinuz: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    rootUuid: env.ROOT_UUID ?? '',
    partitionOffset: Number(env.PART_OFFSET ?? 1048576),
  };
}

/** Options for {@link bootQemuUntilMarker}. */
export interface QemuBootOptions {
  /** Raw disk image to boot (attached as virtio disk unless `diskInterface` says otherwise). */
  readonly disk?: string;
  /** Extra -drive or any other qemu arguments (for example an iscsi:// drive). */
  readonly extraArgs?: readonly string[];
  readonly diskInterface?: 'virtio' | 'ide';
  /** One user-mode NIC per MAC (no host network access), virtio-net-pci unless `nicModel` given. */
  readonly macs?: readonly string[];
  readonly nicModel?: string;
  /** Boot a kernel directly instead of the disk's grub. */
  readonly kernel?: { vmlinuz: string; initrd: string; append: string };
  /** Console text that ends the boot successfully. Default: FERRY-BOOT-END. */
  readonly until?: string;
  /** Default 6 minutes (TCG software emulation is slow). */
  readonly timeoutMs?: number;
  readonly memoryMiB?: number;
}

/** What the serial console showed. */
export interface QemuBootResult {
  readonly console: string;
  /** True when `until` appeared before the timeout. */
  readonly reached: boolean;
}

/**
 * Boots qemu-system-x86_64 under TCG with the serial console on stdio, collects the console until
 * `until` appears (or the timeout), then kills qemu. Never leaves qemu running.
 */
export async function bootQemuUntilMarker(options: QemuBootOptions): Promise<QemuBootResult> {
  const until = options.until ?? 'FERRY-BOOT-END';
  const args = ['-accel', 'tcg', '-m', String(options.memoryMiB ?? 1024), '-nographic', '-no-reboot'];
  if (options.disk) {
    args.push('-drive', `file=${resolve(options.disk)},format=raw,if=${options.diskInterface ?? 'virtio'}`);
  }
  for (const mac of options.macs ?? []) {
    args.push('-nic', `user,model=${options.nicModel ?? 'virtio-net-pci'},mac=${mac},restrict=on`);
  }
  if (options.macs === undefined || options.macs.length === 0) args.push('-nic', 'none');
  if (options.kernel) {
    args.push('-kernel', options.kernel.vmlinuz, '-initrd', options.kernel.initrd, '-append', options.kernel.append);
  }
  args.push(...(options.extraArgs ?? []));
  const child = spawn('qemu-system-x86_64', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  return new Promise<QemuBootResult>((resolvePromise) => {
    let done = false;
    const finish = (reached: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      process.removeListener('exit', killOnExit);
      resolvePromise({ console: output, reached });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 6 * 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes(until)) finish(true);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => finish(output.includes(until)));
  });
}
