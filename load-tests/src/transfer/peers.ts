import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf } from '@ferry/block-pipeline';
import { freePort } from '@ferry/testing';

const run = promisify(execFile);

/** Seconds a command takes (it must succeed). */
/**
 * Before a timed run: the writes earlier runs left dirty are flushed (sync), so their writeback is
 * not billed to whichever run comes next. (A further idle second made ferry's run slower, not steadier.)
 */
export async function settle(): Promise<void> {
  await run('sync', []);
}

export async function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  await settle();
  const started = process.hrtime.bigint();
  await run(command, args, { maxBuffer: 64 << 20, env });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** Debian's openssh-server on a free loopback port with throwaway keys; `ssh` is the -e argument for rsync. */
export async function startSshd(dir: string): Promise<{ ssh: string; stop(): void }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const hostKey = join(dir, 'host_ed25519');
  const userKey = join(dir, 'user_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', userKey]);
  await copyFile(`${userKey}.pub`, join(dir, 'authorized_keys'));
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'UsePAM no', 'StrictModes no', `PidFile ${join(dir, 'sshd.pid')}`,
    'Subsystem sftp internal-sftp', '',
  ].join('\n'));
  await mkdir('/run/sshd', { recursive: true });
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await waitForPort(port, child, 'sshd');
  const ssh = `ssh -p ${port} -i ${userKey} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`;
  return { ssh, stop: () => void child.kill('SIGTERM') };
}

/** qemu-nbd serving `image` read-only with x509 TLS (client certificates required), and the nbdcopy URI. */
export async function startQemuNbdTls(image: string, dir: string, caDir: string): Promise<{ uri: string; stop(): void }> {
  const server = await issueLeaf(caDir, 'bench-nbd-server');
  const client = await issueLeaf(caDir, 'bench-nbd-client');
  const serverDir = join(dir, 'server');
  const clientDir = join(dir, 'client');
  await mkdir(serverDir, { recursive: true });
  await mkdir(clientDir, { recursive: true });
  await Promise.all([
    writeFile(join(serverDir, 'ca-cert.pem'), server.ca), writeFile(join(serverDir, 'server-cert.pem'), server.cert), writeFile(join(serverDir, 'server-key.pem'), server.key, { mode: 0o600 }),
    writeFile(join(clientDir, 'ca-cert.pem'), client.ca), writeFile(join(clientDir, 'client-cert.pem'), client.cert), writeFile(join(clientDir, 'client-key.pem'), client.key, { mode: 0o600 }),
  ]);
  const port = await freePort();
  const child = spawn('qemu-nbd', [
    '--object', `tls-creds-x509,id=tls0,dir=${serverDir},endpoint=server,verify-peer=on`, '--tls-creds', 'tls0',
    '-f', 'raw', '-r', '-t', '-b', '127.0.0.1', '-p', String(port), image,
  ], { stdio: 'ignore' });
  await waitForPort(port, child, 'qemu-nbd');
  return { uri: `nbds://127.0.0.1:${port}/?tls-certificates=${clientDir}`, stop: () => void child.kill('SIGTERM') };
}
