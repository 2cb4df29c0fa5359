import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** Size of the inventory the simulator creates by itself (tests usually add their own VMs). */
export interface VcsimModel {
  datacenters?: number;
  clustersPerDatacenter?: number;
  hostsPerCluster?: number;
  standaloneHosts?: number;
  datastores?: number;
  /** VMs per resource pool created by the simulator's model; 0 = none. */
  vmsPerPool?: number;
  portgroups?: number;
  /** Power the model's VMs on (default true). */
  autostart?: boolean;
}

/** Options of startVcsim. */
export interface VcsimOptions {
  username?: string;
  password?: string;
  /** Port to listen on; 0 (default) lets the OS pick a free one. */
  port?: number;
  model?: VcsimModel;
  /** PEM certificate and key files; without them the launcher makes a fresh self-signed one. */
  certFile?: string;
  keyFile?: string;
  /** Milliseconds to wait for the ready line. */
  startTimeoutMs?: number;
}

/** A datastore of the simulator and the local folder its `/folder` endpoint serves. */
export interface VcsimDatastore {
  name: string;
  path: string;
}

/** One running simulated vCenter. */
export interface VcsimInstance {
  /** https://127.0.0.1:port */
  url: string;
  /** https://127.0.0.1:port/sdk, the vim25 SOAP endpoint. */
  sdkUrl: string;
  port: number;
  username: string;
  password: string;
  /** SHA-1 thumbprint of the server certificate, colon-separated upper-case hex (vSphere's form). */
  thumbprint: string;
  thumbprintSha256: string;
  certPem: string;
  datastores: VcsimDatastore[];
  /** VMs the simulator's model created at start. */
  vms: number;
  /** The launcher's process id (a restart makes a new process). */
  readonly pid: number;
  /**
   * A vCenter restart: the launcher saves its inventory and stops (SIGTERM), stays away `downtimeMs`,
   * then comes back on the same port with the same certificate, datastore folders and inventory
   * (same morefs). Sessions, tasks in flight and NFC leases are gone, as after a real restart.
   */
  restart(options?: { downtimeMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** A prem and a cloud vCenter started together. */
export interface VcsimPair {
  prem: VcsimInstance;
  cloud: VcsimInstance;
  stop(): Promise<void>;
}

/** The repository root: the nearest folder above this file that holds infra/vcsim (works from src/ and dist/src/). */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'infra', 'vcsim', 'build.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`vcsim: no infra/vcsim/build.sh above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
const repoRoot = findRepoRoot();
const vcsimDir = join(repoRoot, 'infra', 'vcsim');
/** Path of our launcher binary (built by infra/vcsim/build.sh). */
export const vcsimBinary = join(vcsimDir, 'bin', 'vcsim-ferry');

/** Builds the launcher when it is missing or older than its sources (build.sh is idempotent). */
export function ensureVcsimBuilt(): string {
  execFileSync('bash', [join(vcsimDir, 'build.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(vcsimBinary)) throw new Error(`vcsim: ${vcsimBinary} missing after infra/vcsim/build.sh; run it by hand to see why`);
  return vcsimBinary;
}

function launcherArgs(opts: VcsimOptions, dataDir: string, username: string, password: string): string[] {
  const m = opts.model ?? {};
  const args = [
    '-listen', `127.0.0.1:${opts.port ?? 0}`, '-username', username, '-password', password, '-data-dir', dataDir, '-state-dir', join(dataDir, 'vcenter-state'),
    '-dc', String(m.datacenters ?? 1), '-cluster', String(m.clustersPerDatacenter ?? 1), '-host', String(m.hostsPerCluster ?? 2),
    '-standalone-host', String(m.standaloneHosts ?? 0), '-ds', String(m.datastores ?? 1), '-vm', String(m.vmsPerPool ?? 0),
    '-pg', String(m.portgroups ?? 1), `-autostart=${m.autostart ?? true}`,
  ];
  if (opts.certFile) args.push('-cert', opts.certFile);
  if (opts.keyFile) args.push('-key', opts.keyFile);
  return args;
}

/** Starts one simulated vCenter on 127.0.0.1 and resolves once it is listening. */
export async function startVcsim(opts: VcsimOptions = {}): Promise<VcsimInstance> {
  const binary = ensureVcsimBuilt();
  const username = opts.username ?? 'administrator@vsphere.local';
  const password = opts.password ?? 'ferry-pass';
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-vcsim-'));
  const stderr: string[] = [];
  const launch = async (port: number | undefined): Promise<{ child: ChildProcess; line: ReadyLine }> => {
    const child = spawn(binary, launcherArgs({ ...opts, port }, dataDir, username, password), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString());
      if (stderr.length > 50) stderr.shift();
    });
    try {
      return { child, line: await readReadyLine(child, opts.startTimeoutMs ?? 30_000, stderr) };
    } catch (error) {
      await stopChild(child);
      throw error;
    }
  };
  const cleanup = (): void => rmSync(dataDir, { recursive: true, force: true });
  let running: { child: ChildProcess; line: ReadyLine };
  try {
    running = await launch(opts.port);
  } catch (error) {
    cleanup();
    throw error;
  }
  const instance: VcsimInstance = {
    ...running.line, password,
    get pid(): number {
      return running.child.pid ?? 0;
    },
    async restart(options = {}): Promise<void> {
      await stopChild(running.child);
      if (running.child.exitCode !== 0) throw new Error(`vcsim: the launcher did not stop cleanly for the restart (exit ${running.child.exitCode}, ${running.child.signalCode ?? 'no signal'}): ${stderr.join('').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, options.downtimeMs ?? 0));
      running = await launch(running.line.port);
      if (running.line.thumbprint !== instance.thumbprint) throw new Error('vcsim: the restarted vCenter has another certificate');
    },
    stop: (): Promise<void> => stopChild(running.child).then(cleanup),
  };
  return instance;
}

/** Starts the prem and the cloud vCenter side by side. */
export async function startVcsimPair(opts: { prem?: VcsimOptions; cloud?: VcsimOptions } = {}): Promise<VcsimPair> {
  const [prem, cloud] = await Promise.allSettled([startVcsim(opts.prem), startVcsim(opts.cloud)]);
  if (prem.status === 'rejected' || cloud.status === 'rejected') {
    if (prem.status === 'fulfilled') await prem.value.stop();
    if (cloud.status === 'fulfilled') await cloud.value.stop();
    throw prem.status === 'rejected' ? prem.reason : (cloud as PromiseRejectedResult).reason;
  }
  return {
    prem: prem.value,
    cloud: cloud.value,
    stop: async () => {
      await Promise.all([prem.value.stop(), cloud.value.stop()]);
    },
  };
}

type ReadyLine = Omit<VcsimInstance, 'password' | 'pid' | 'stop'>;

function readReadyLine(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<ReadyLine> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(`no ready line after ${timeoutMs} ms`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`vcsim: ${why}; launcher stderr: ${stderr.join('').slice(-2000)}`));
    }
    child.once('exit', (code) => fail(`launcher exited with code ${code}`));
    lines.on('line', (text) => {
      try {
        const parsed = JSON.parse(text) as ReadyLine & { ready?: boolean };
        if (!parsed.ready) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePromise(parsed);
      } catch {
        // not the ready line; the launcher prints only JSON on stdout, so ignore noise
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
