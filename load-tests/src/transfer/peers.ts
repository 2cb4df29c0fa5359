import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf } from '@ferry/block-pipeline';
import type { SitePlacement } from './placement';

const run = promisify(execFile);

/**
 * Before a timed run: the writes earlier runs left dirty are flushed (sync), so their writeback is
 * not billed to whichever run comes next. (A further idle second made ferry's run slower, not steadier.)
 */
export async function settle(): Promise<void> {
  await run('sync', []);
}

/** Seconds a command takes (it must succeed). */
export async function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return (await timedOn({ exec: [] }, command, args, env)).seconds;
}

/** Wall seconds of a command run at `site` (it must succeed), and the CPU-seconds it and its children used (bash's `times`). */
export async function timedOn(site: Pick<SitePlacement, 'exec'>, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; cpuSeconds: number }> {
  await settle();
  const script = '"$@"; rc=$?; echo @@times; times; exit $rc';
  const line = [...site.exec, 'bash', '-c', script, 'timed', command, ...args];
  const started = process.hrtime.bigint();
  const { stdout } = await run(line[0]!, line.slice(1), { maxBuffer: 64 << 20, env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // `times` prints the shell's user and system time, then its children's: "0m1.234s 0m0.567s".
  const children = stdout.slice(stdout.lastIndexOf('@@times')).split('\n')[2] ?? '';
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { seconds, cpuSeconds };
}

/**
 * CPU-seconds a long-running process has used so far, with its children that have ended (sshd's
 * sessions): first waits up to 3 s for the children it has now to end, so a session that just
 * served a client is counted.
 */
export async function processCpuSeconds(pid: number | undefined): Promise<number> {
  for (let i = 0; i < 30; i++) {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
    if (children.trim() === '') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /, '').split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / 100;
}

async function waitForPort(port: number, child: ChildProcess, what: string, site: Pick<SitePlacement, 'listening'>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (await site.listening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** Debian's openssh-server at `site` on a free port with throwaway keys; `ssh` is the -e argument for rsync. */
export async function startSshd(dir: string, site: SitePlacement): Promise<{ ssh: string; port: number; pid: number | undefined; stop(): void }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const hostKey = join(dir, 'host_ed25519');
  const userKey = join(dir, 'user_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', userKey]);
  await copyFile(`${userKey}.pub`, join(dir, 'authorized_keys'));
  const port = await site.freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(config, [
    `Port ${port}`, `ListenAddress ${site.listenAddress}`, `HostKey ${hostKey}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'UsePAM no', 'StrictModes no', `PidFile ${join(dir, 'sshd.pid')}`,
    'Subsystem sftp internal-sftp', '',
  ].join('\n'));
  await mkdir('/run/sshd', { recursive: true });
  const line = [...site.exec, '/usr/sbin/sshd', '-D', '-e', '-f', config];
  const child = spawn(line[0]!, line.slice(1), { stdio: 'ignore' });
  await waitForPort(port, child, 'sshd', site);
  const ssh = `ssh -p ${port} -i ${userKey} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`;
  return { ssh, port, pid: child.pid, stop: () => void child.kill('SIGTERM') };
}

/** The name qemu-nbd's certificate carries: nbdcopy dials it by this name across a link. */
export const NBD_SERVER_NAME = 'bench-nbd-server';

/**
 * qemu-nbd at `site` serving `image` read-only with x509 TLS (client certificates required); `uriFor(hostPort)`
 * is the nbdcopy URI for the address at which the client reaches it.
 */
export async function startQemuNbdTls(image: string, dir: string, caDir: string, site: SitePlacement): Promise<{ port: number; pid: number | undefined; uriFor(hostPort: string): string; stop(): void }> {
  const server = await issueLeaf(caDir, NBD_SERVER_NAME);
  const client = await issueLeaf(caDir, 'bench-nbd-client');
  const serverDir = join(dir, 'server');
  const clientDir = join(dir, 'client');
  await mkdir(serverDir, { recursive: true });
  await mkdir(clientDir, { recursive: true });
  await Promise.all([
    writeFile(join(serverDir, 'ca-cert.pem'), server.ca), writeFile(join(serverDir, 'server-cert.pem'), server.cert), writeFile(join(serverDir, 'server-key.pem'), server.key, { mode: 0o600 }),
    writeFile(join(clientDir, 'ca-cert.pem'), client.ca), writeFile(join(clientDir, 'client-cert.pem'), client.cert), writeFile(join(clientDir, 'client-key.pem'), client.key, { mode: 0o600 }),
  ]);
  const port = await site.freePort();
  const line = [...site.exec, 'qemu-nbd',
    '--object', `tls-creds-x509,id=tls0,dir=${serverDir},endpoint=server,verify-peer=on`, '--tls-creds', 'tls0',
    '-f', 'raw', '-r', '-t', '-b', site.listenAddress, '-p', String(port), image,
  ];
  const child = spawn(line[0]!, line.slice(1), { stdio: 'ignore' });
  await waitForPort(port, child, 'qemu-nbd', site);
  return { port, pid: child.pid, uriFor: (hostPort) => `nbds://${hostPort}/?tls-certificates=${clientDir}`, stop: () => void child.kill('SIGTERM') };
}
