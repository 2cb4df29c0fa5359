import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError, ValidationError } from '@ferry/errors';
import { type GuestChannel, type GuestRunResult } from './channel';
import { execLocal } from './exec';

/** How to reach a running Linux guest over SSH (OpenSSH's `ssh` client, key authentication). */
export interface SshChannelOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private key file on this host. */
  readonly identityFile: string;
  /** Prefix commands with `sudo -n` (the user is not root but may sudo without a password). */
  readonly useSudo: boolean;
  /** known_hosts to pin the guest's host key in; default a temp file for this channel (trust on first use). */
  readonly knownHostsFile?: string;
}

/** POSIX shell single-quoting of one argument. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A running guest reached over SSH. Nothing stays open between calls; close() removes temp files. */
export class SshChannel implements GuestChannel {
  readonly kind = 'ssh' as const;
  readonly offline = false;
  private tempDir: string | undefined;

  constructor(private readonly options: SshChannelOptions) {
    if (!options.host) throw new ValidationError('ssh.host', 'empty; give the guest address');
    if (!options.identityFile) throw new ValidationError('ssh.identity_file', 'empty; give the private key that the guest user authorises');
  }

  private async baseArgs(): Promise<string[]> {
    let knownHosts = this.options.knownHostsFile;
    if (!knownHosts) {
      this.tempDir ??= await mkdtemp(join(tmpdir(), 'ferry-ssh-'));
      knownHosts = join(this.tempDir, 'known_hosts');
    }
    return [
      '-F', '/dev/null',
      '-p', String(this.options.port),
      '-i', this.options.identityFile,
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'StrictHostKeyChecking=accept-new',
      '-o', `UserKnownHostsFile=${knownHosts}`,
      '-o', 'ConnectTimeout=15',
      '-o', 'LogLevel=ERROR',
      `${this.options.user}@${this.options.host}`,
    ];
  }

  private remote(argv: readonly string[]): string {
    return [...(this.options.useSudo ? ['sudo', '-n'] : []), ...argv].map(shellQuote).join(' ');
  }

  async run(argv: readonly string[], options: { timeoutMs?: number } = {}): Promise<GuestRunResult> {
    const r = await execLocal('ssh', [...(await this.baseArgs()), this.remote(argv)], options);
    // ssh itself exits 255 when it cannot connect or authenticate.
    if (r.exitCode === 255) throw new UnavailableError(`ssh to ${this.options.user}@${this.options.host}:${this.options.port} failed: ${r.stderr.trim().slice(-400)}; check the address, port and that the key is authorised`);
    return r;
  }

  /** Streams the folder as a tar archive into `tar -x` in the guest. */
  async upload(localDir: string, guestDir: string): Promise<void> {
    const remote = `${this.remote(['mkdir', '-p', guestDir])} && ${this.remote(['tar', '-C', guestDir, '-xf', '-'])}`;
    const args = [...(await this.baseArgs()), remote];
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', localDir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ssh = spawn('ssh', args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      ssh.stderr.on('data', (c: Buffer) => (err += c.toString()));
      tar.stdout.pipe(ssh.stdin);
      tar.once('error', reject);
      ssh.once('error', reject);
      ssh.once('close', (code) =>
        code === 0 ? resolve() : reject(new UnavailableError(`copying ${localDir} to ${this.options.host}:${guestDir} failed (ssh exit ${code}): ${err.trim().slice(-400)}`)),
      );
    });
  }

  async readFile(guestPath: string): Promise<Buffer> {
    const args = [...(await this.baseArgs()), this.remote(['cat', guestPath])];
    return new Promise((resolve, reject) => {
      const ssh = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      ssh.stdout.on('data', (c: Buffer) => out.push(c));
      ssh.stderr.on('data', (c: Buffer) => (err += c.toString()));
      ssh.once('error', reject);
      ssh.once('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new UnavailableError(`reading ${guestPath} over ssh failed (exit ${code}): ${err.trim()}`))));
    });
  }

  async close(): Promise<void> {
    const dir = this.tempDir;
    this.tempDir = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
