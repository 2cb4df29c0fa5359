import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';

/**
 * A block source's Unix socket, for a prem-manager on the same host: no TLS on it (the kernel carries
 * the bytes, and the socket's directory decides who may connect), so it saves the encryption of every
 * chunk a second time on that hop. Reads carry the session's key (ReadChunksRequest.seal), hence the
 * checks: the directory must grant other users nothing.
 */
export async function prepareLocalSocket(socketPath: string, setting = 'BLOCK_READ_SOCKET'): Promise<void> {
  if (!isAbsolute(socketPath)) throw new Error(`${setting}=${socketPath}: give an absolute path, e.g. /run/ferry/block-read.sock`);
  const dir = dirname(socketPath);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const mode = (await lstat(dir)).mode & 0o777;
  if ((mode & 0o007) !== 0) {
    throw new Error(
      `${setting}=${socketPath}: its directory ${dir} is open to other users (mode ${mode.toString(8)}); block reads carry session keys, so only this service's user and group may reach the socket: chmod o-rwx ${dir}, or choose a private directory`,
    );
  }
  const existing = await lstat(socketPath).catch(() => undefined);
  if (existing === undefined) return;
  // A socket left by a process that died is replaced; anything else at that path is not ours to remove.
  if (!existing.isSocket()) throw new Error(`${setting}=${socketPath}: something other than a socket is there; remove it or choose another path`);
  await rm(socketPath, { force: true });
}

/** After the bind: the socket is the owner's and group's only. */
export async function restrictLocalSocket(socketPath: string): Promise<void> {
  await chmod(socketPath, 0o660);
}

/** Removes the socket file when the server closes. */
export async function removeLocalSocket(socketPath: string): Promise<void> {
  await rm(socketPath, { force: true });
}
