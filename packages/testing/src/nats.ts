import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** Debian's nats-server (2.9.x); override with FERRY_NATS_SERVER for another build. */
const NATS_SERVER = process.env.FERRY_NATS_SERVER ?? '/usr/sbin/nats-server';

/** Options for {@link startNats}. */
export interface StartNatsOptions {
  /** JetStream store directory. Default: a fresh temp dir, removed by stop(). A given dir is kept. */
  dataDir?: string;
  /** How long to wait for the server to report ready. Default 20 s. */
  readyTimeoutMs?: number;
  /** How its two ports are picked. Default: freePort (its own test hands out a taken one first). */
  pickPort?: () => Promise<number>;
}

/** A running nats-server with JetStream on 127.0.0.1, owned by one test. */
export interface NatsHandle {
  /** Client URL, e.g. nats://127.0.0.1:41234. Stays the same across restart(). */
  readonly url: string;
  readonly port: number;
  /** HTTP monitoring port (/healthz, /jsz). */
  readonly monitorPort: number;
  /** JetStream store directory. */
  readonly dataDir: string;
  /** SIGTERM (a clean shutdown that flushes the store), wait for exit, remove a temp dataDir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, nothing is flushed. The dataDir is kept for restart(). */
  kill9(): Promise<void>;
  /** Start again on the same port and dataDir (after stop-with-keep, kill9 or while running: stops first). */
  restart(): Promise<void>;
  /** Everything the server wrote to stderr/stdout so far (for failure messages). */
  log(): string;
}

/**
 * Starts `nats-server -js` on a free loopback port with its store in a temp dir, and waits until
 * JetStream answers /healthz. Call stop() in afterAll; it also removes the temp dir.
 */
export async function startNats(options: StartNatsOptions = {}): Promise<NatsHandle> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ferry-nats-')));
  const pickPort = options.pickPort ?? freePort;
  let port = await pickPort();
  let monitorPort = await pickPort();
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;
  let output = '';
  let removed = false;

  const launch = async (): Promise<void> => {
    const args = ['-js', '-sd', dataDir, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)];
    const started = spawn(NATS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    // A crashed test run must not leave servers behind.
    const killOnExit = (): void => void started.kill('SIGKILL');
    process.once('exit', killOnExit);
    started.once('exit', () => process.removeListener('exit', killOnExit));
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<never>((_, reject) => {
      started.once('error', (error) => reject(new Error(`cannot run ${NATS_SERVER}: ${error.message}; install Debian's nats-server`)));
      started.once('exit', (code) => reject(new Error(`nats-server exited with ${code} before it was ready:\n${output}`)));
    });
    exited.catch(() => undefined); // observed by the race below; avoid an unhandled rejection after ready
    await Promise.race([waitHealthy(monitorPort, readyTimeoutMs, () => output), exited]);
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };

  // A port that was free when picked can be taken before nats-server binds it: then pick new ones and start again.
  for (let attempt = 1; ; attempt++) {
    const outputBefore = output.length;
    try {
      await launch();
      break;
    } catch (error) {
      await terminate('SIGKILL');
      if (attempt < 3 && output.slice(outputBefore).includes('address already in use')) {
        [port, monitorPort] = [await pickPort(), await pickPort()];
        continue;
      }
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorPort,
    dataDir,
    log: () => output,
    async stop() {
      await terminate('SIGTERM');
      if (ownsDir && !removed) {
        removed = true;
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    async kill9() {
      await terminate('SIGKILL');
    },
    async restart() {
      if (removed) throw new Error(`restart(): nats-server ${port} was stopped and its temp dir removed; use restart() instead of stop() + restart()`);
      await terminate('SIGTERM');
      await launch();
    },
  };
}

/** Polls the monitoring endpoint until JetStream reports healthy. */
async function waitHealthy(monitorPort: number, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await healthy(monitorPort)) return;
    if (Date.now() > deadline) {
      throw new Error(`nats-server on monitor port ${monitorPort} not healthy after ${timeoutMs} ms; its log:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One GET of /healthz without keep-alive (a pooled socket would hold jest open after the tests). */
function healthy(monitorPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port: monitorPort, path: '/healthz?js-enabled-only=true', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('error', () => resolve(false));
  });
}
