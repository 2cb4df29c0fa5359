/**
 * One guest of the cloud host runner: qemu-system-x86_64 (TCG, no network, serial console captured)
 * booting a VM's iSCSI disk, as the cloud ESXi host would boot it from the cache.
 *
 * The CHAP secret reaches qemu through a `secret` object read from a 0600 file, not inside the
 * iscsi:// URL: a URL would put it in qemu's argv (readable by every local user in /proc) and qemu
 * repeats a failing -drive argument in its error message, which lands in the console tail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VmIscsiBoot } from './cloud-host-vsphere';

/** Where a guest is: qemu started, its marker seen, ended by power-off (or a clean guest exit), or ended on its own with an error. */
export type GuestRunState = 'booting' | 'running' | 'stopped' | 'failed';

/** One boot of one VM, as the test sees it. Never holds the CHAP secret. */
export interface GuestState {
  vmName: string;
  /** The VM's managed object id, e.g. vm-42. */
  moref: string;
  iqn: string;
  /** The disk booted, without the secret: iscsi://user@host:port/iqn/lun. */
  disk: string;
  state: GuestRunState;
  /** 1 for the VM's first power-on under this runner, 2 for the next … */
  boot: number;
  startedAt: Date;
  markerReachedAt?: Date;
  stoppedAt?: Date;
  /** Why it stopped or failed, e.g. "powered off" or qemu's own error line. */
  reason?: string;
  /** The last 16 KiB of the serial console and of qemu's messages. */
  consoleTail: string;
  /** qemu's exit code once it exited (null if a signal ended it or it never started). */
  exitCode?: number | null;
  /** qemu's pid while it runs. */
  pid?: number;
}

/** How the runner boots guests. */
export interface QemuGuestOptions {
  memoryMiB: number;
  marker: string;
  /** Milliseconds between SIGTERM and SIGKILL when a VM powers off. */
  stopGraceMs: number;
  binary: string;
  /** The iSCSI name the host's initiator logs in as (one per host, as an ESXi host's software adapter has). */
  initiatorName: string;
}

/** The stand-in cloud host's initiator name unless a test gives another; sites list it in CLOUD_HOST_INITIATORS. */
export const CLOUD_HOST_INITIATOR = 'iqn.2024-01.io.ferry.cloud-host:esx-1';

const TAIL_BYTES = 16 * 1024;

/** qemu's option syntax doubles a comma inside a value. */
const q = (value: string): string => value.replaceAll(',', ',,');

/** The line qemu prints when it gives up ("qemu-system-x86_64: -drive …: iSCSI: Failed to …"), without the echoed option. */
export function qemuErrorOf(console: string): string | undefined {
  const lines = console.split(/\r?\n/).filter((l) => /^qemu-system-[\w-]+: /.test(l));
  const last = lines[lines.length - 1];
  return last?.replace(/^qemu-system-[\w-]+: (-\S+ \S+: )?/, '').trim() || undefined;
}

/** A booted (or booting, or ended) guest; `onChange` fires on every state change. */
export class QemuGuest {
  readonly state: GuestState;
  private child: ChildProcess | undefined;
  private secretDir: string | undefined;
  private stopReason: string | undefined;
  private scan = '';
  private exited: Promise<void> = Promise.resolve();
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
    this.removeSecret();
  };

  constructor(
    identity: { vmName: string; moref: string; boot: number },
    private readonly disk: VmIscsiBoot,
    private readonly secret: string | undefined,
    private readonly opts: QemuGuestOptions,
    private readonly onChange: (guest: QemuGuest) => void,
  ) {
    const user = disk.chapUser ? `${disk.chapUser}@` : '';
    this.state = {
      ...identity, iqn: disk.iqn, disk: `iscsi://${user}${disk.portal}/${disk.iqn}/${disk.lun ?? 0}`,
      state: 'booting', startedAt: new Date(), consoleTail: '',
    };
  }

  /** A guest that never started (bad ExtraConfig, no secret): failed with `reason`. */
  static failed(identity: { vmName: string; moref: string; boot: number }, disk: Partial<VmIscsiBoot>, reason: string): GuestState {
    const now = new Date();
    return { ...identity, iqn: disk.iqn ?? '', disk: '', state: 'failed', startedAt: now, stoppedAt: now, reason, consoleTail: '', exitCode: null };
  }

  get active(): boolean {
    return this.state.state === 'booting' || this.state.state === 'running';
  }

  start(): void {
    const args = ['-name', q(this.state.vmName), '-accel', 'tcg', '-m', String(this.opts.memoryMiB), '-nographic', '-no-reboot', '-nic', 'none'];
    const drive = [
      'file.driver=iscsi', 'file.transport=tcp', `file.portal=${q(this.disk.portal)}`, `file.target=${q(this.disk.iqn)}`,
      `file.lun=${this.disk.lun ?? 0}`, `file.initiator-name=${q(this.opts.initiatorName)}`,
    ];
    if (this.disk.chapUser !== undefined && this.secret !== undefined) {
      this.secretDir = mkdtempSync(join(tmpdir(), 'ferry-cloud-host-'));
      const file = join(this.secretDir, 'chap');
      writeFileSync(file, this.secret, { mode: 0o600 });
      args.push('-object', `secret,id=chap,file=${q(file)}`);
      drive.push(`file.user=${q(this.disk.chapUser)}`, 'file.password-secret=chap');
    }
    args.push('-drive', [...drive, 'format=raw', 'if=virtio'].join(','));
    const child = spawn(this.opts.binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.state.pid = child.pid;
    process.once('exit', this.killOnExit);
    child.stdout.on('data', (chunk: Buffer) => this.onConsole(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.onConsole(chunk));
    this.exited = new Promise((resolveExit) => {
      child.once('error', (error) => {
        this.end('failed', `${this.opts.binary} did not start: ${error.message}`, null);
        resolveExit();
      });
      child.once('close', (code, signal) => {
        const why = this.stopReason ?? (code === 0 ? 'qemu exited (the guest powered off)' : `qemu exited with ${code ?? signal}: ${qemuErrorOf(this.state.consoleTail) ?? 'see consoleTail'}`);
        this.end(this.stopReason !== undefined || code === 0 ? 'stopped' : 'failed', why, code);
        resolveExit();
      });
    });
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once qemu is gone. */
  async stop(reason: string): Promise<void> {
    if (!this.active || !this.child) return;
    this.stopReason = reason;
    const child = this.child;
    const killer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopGraceMs);
    child.kill('SIGTERM');
    await this.exited;
    clearTimeout(killer);
  }

  private onConsole(chunk: Buffer): void {
    let text = chunk.toString('utf8');
    if (this.secret) text = text.replaceAll(this.secret, '<secret>');
    this.state.consoleTail = (this.state.consoleTail + text).slice(-TAIL_BYTES);
    // The marker may straddle two chunks: keep its length minus one of the previous chunk.
    const seen = this.scan + text;
    this.scan = seen.slice(seen.length - (this.opts.marker.length - 1));
    if (this.state.state === 'booting' && seen.includes(this.opts.marker)) {
      // The guest runs from the disk now: qemu read the secret long ago.
      this.removeSecret();
      this.state.state = 'running';
      this.state.markerReachedAt = new Date();
      this.onChange(this);
    }
  }

  private end(state: 'stopped' | 'failed', reason: string, code: number | null): void {
    if (!this.active) return;
    process.removeListener('exit', this.killOnExit);
    this.removeSecret();
    Object.assign(this.state, { state, reason, exitCode: code, stoppedAt: new Date(), pid: undefined });
    this.onChange(this);
  }

  private removeSecret(): void {
    if (this.secretDir === undefined) return;
    rmSync(this.secretDir, { recursive: true, force: true });
    this.secretDir = undefined;
  }
}
