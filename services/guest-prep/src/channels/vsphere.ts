import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UnavailableError } from '@ferry/errors';
import {
  copyFileFromGuest,
  copyFileToGuest,
  faultTypeOf,
  guestOperationsManagers,
  makeDirectoryInGuest,
  startProgramInGuest,
  waitForGuestProcess,
  type GuestCredentials,
  type GuestOperationsManagers,
  type MoRef,
  type VsphereClient,
} from '@ferry/vsphere';
import { type GuestChannel, type GuestRunResult } from './channel';
import { shellQuote } from './ssh';

const HINTS: Record<string, string> = {
  GuestOperationsUnavailable: 'VMware Tools in the guest does not offer guest operations; install or start open-vm-tools/VMware Tools, or use the ssh channel',
  ToolsUnavailable: 'VMware Tools is not running in the guest; start it, or use the ssh channel',
  InvalidGuestLogin: 'the guest user name or password is wrong; fix the credentials in the PrepareVm command',
  InvalidPowerState: 'the VM is not powered on; guest operations need a running guest (use the offline channel on its disk instead)',
  MethodNotFound: 'this vCenter does not implement the guest operation (simulators implement only some); use the ssh or offline channel',
};

/**
 * A running guest reached through vSphere Guest Operations (VMware Tools): files go in and out with
 * InitiateFileTransferToGuest/FromGuest, programs run with StartProgramInGuest and are polled with
 * ListProcessesInGuest. Output is not returned by vSphere, so each run redirects it to files in the
 * guest and reads them back. Linux guests: the user must be root (or the tool's sudo rules allow it).
 */
export class VsphereGuestChannel implements GuestChannel {
  readonly kind = 'vsphere-guest-ops' as const;
  readonly offline = false;
  private managers: GuestOperationsManagers | undefined;

  constructor(
    private readonly client: VsphereClient,
    private readonly vm: MoRef,
    private readonly credentials: GuestCredentials,
  ) {}

  private async call<T>(what: string, fn: (m: GuestOperationsManagers) => Promise<T>): Promise<T> {
    try {
      this.managers ??= await guestOperationsManagers(this.client);
      return await fn(this.managers);
    } catch (error) {
      const fault = faultTypeOf(error);
      const hint = fault === 'InvalidGuestLogin' ? HINTS[fault]?.replace('is wrong', `is wrong (user ${this.credentials.username})`) : fault ? HINTS[fault] : undefined;
      if (hint) throw new UnavailableError(`${what} in ${this.vm.value} failed with ${fault}: ${hint}`, { cause: error });
      throw error;
    }
  }

  async upload(localDir: string, guestDir: string): Promise<void> {
    await this.call(`creating ${guestDir}`, (m) => makeDirectoryInGuest(this.client, m, this.vm, this.credentials, guestDir));
    for (const name of await readdir(localDir)) {
      const local = join(localDir, name);
      const guest = `${guestDir}/${name}`;
      const st = await stat(local);
      if (st.isDirectory()) await this.upload(local, guest);
      else {
        const content = await readFile(local);
        await this.call(`copying ${guest}`, (m) => copyFileToGuest(this.client, m, this.vm, this.credentials, guest, content, st.mode & 0o777));
      }
    }
  }

  async run(argv: readonly string[], options: { timeoutMs?: number } = {}): Promise<GuestRunResult> {
    const tag = `/tmp/ferry-run-${randomBytes(6).toString('hex')}`;
    const command = `${argv.map(shellQuote).join(' ')} >${tag}.out 2>${tag}.err`;
    const pid = await this.call('starting the prep tool', (m) =>
      startProgramInGuest(this.client, m, this.vm, this.credentials, { programPath: '/bin/sh', arguments: `-c ${shellQuote(command)}` }),
    );
    const exitCode = await this.call(`waiting for guest process ${pid}`, (m) => waitForGuestProcess(this.client, m, this.vm, this.credentials, pid, options.timeoutMs ?? 30 * 60_000));
    const stdout = (await this.readFile(`${tag}.out`)).toString('utf8');
    const stderr = (await this.readFile(`${tag}.err`)).toString('utf8');
    return { exitCode, stdout, stderr };
  }

  /** Copies one local file to a path in the guest (Windows paths too). */
  async uploadFile(localPath: string, guestPath: string): Promise<void> {
    const content = await readFile(localPath);
    await this.call(`copying ${guestPath}`, (m) => copyFileToGuest(this.client, m, this.vm, this.credentials, guestPath, content));
  }

  /** Creates a folder in the guest (Windows paths too). */
  makeDirectory(guestPath: string): Promise<void> {
    return this.call(`creating ${guestPath}`, (m) => makeDirectoryInGuest(this.client, m, this.vm, this.credentials, guestPath));
  }

  /** Starts a program as is (no shell added) and waits for it; returns its exit code. */
  async start(programPath: string, args: string, timeoutMs: number): Promise<number> {
    const pid = await this.call(`starting ${programPath}`, (m) => startProgramInGuest(this.client, m, this.vm, this.credentials, { programPath, arguments: args }));
    return this.call(`waiting for guest process ${pid}`, (m) => waitForGuestProcess(this.client, m, this.vm, this.credentials, pid, timeoutMs));
  }

  readFile(guestPath: string): Promise<Buffer> {
    return this.call(`reading ${guestPath}`, (m) => copyFileFromGuest(this.client, m, this.vm, this.credentials, guestPath));
  }

  async close(): Promise<void> {
    this.managers = undefined;
  }
}
