/**
 * Runs serve-volumes.js (the cloud-cache service with local-file fetchers) as a child process on
 * loopback ports, waits for gRPC health SERVING, and stops, restarts or kills it; everything it
 * prints is kept across restarts, so a test can search the whole log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, healthStatus } from '@ferry/testing';

const SERVE_VOLUMES = join(__dirname, '..', '..', 'dist', 'test', 'support', 'serve-volumes.js');

/** A running (or stopped, between restarts) cloud-cache process. */
export interface VolumeService {
  readonly iscsiPort: number;
  readonly opsPort: number;
  /** Starts it (again, with the same env and ports) and waits until it serves. */
  start(): Promise<void>;
  /** SIGTERM (a clean drain) and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: nothing is flushed on the way out. */
  kill9(): Promise<void>;
  log(): string;
}

export async function volumeService(env: Record<string, string>): Promise<VolumeService> {
  const iscsiPort = await freePort();
  const opsPort = await freePort();
  // The feed cloud-manager would dial (unused here) listens on loopback, its site CA beside the cache.
  // So does the block source migrate back reads written chunks from.
  const feed = {
    FROM_CLOUD_MANAGER_HOST: '127.0.0.1', FROM_CLOUD_MANAGER_PORT: String(await freePort()), CA_DIR: join(env.CACHE_DIR ?? tmpdir(), '..', 'site-ca'),
    BLOCK_READ_HOST: '127.0.0.1', BLOCK_READ_PORT: String(await freePort()),
  };
  const fullEnv = { ...process.env, OPS_HOST: '127.0.0.1', OPS_PORT: String(opsPort), ISCSI_HOST: '127.0.0.1', ISCSI_PORT: String(iscsiPort), NO_COLOR: '1', ...feed, ...env };
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let output = '';

  const start = async (): Promise<void> => {
    const started = spawn(process.execPath, [SERVE_VOLUMES], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const killOnExit = (): void => void started.kill('SIGKILL');
    process.once('exit', killOnExit);
    started.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    started.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) =>
      started.once('exit', (code) => {
        process.removeListener('exit', killOnExit);
        resolve(code);
      }),
    );
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + 30_000;
    while ((await healthStatus(opsPort, 1000)) !== 'SERVING') {
      if (gone || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`serve-volumes did not become SERVING on ops port ${opsPort}:\n${output.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  const running = (): ChildProcess | undefined => (child && child.exitCode === null && child.signalCode === null ? child : undefined);
  await start();
  return {
    iscsiPort,
    opsPort,
    start,
    stop: async () => {
      running()?.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      running()?.kill('SIGKILL');
      await exited;
    },
    log: () => output,
  };
}
