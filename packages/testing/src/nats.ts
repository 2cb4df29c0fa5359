import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import type { NatsClusterSettings, NatsIdentity } from '@ferry/service-kit';
import { freePort, holdPort, type PortReservation } from './ports';
import { prepareNatsSecurity, type NatsSecurity } from './nats-security';

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
  /** Site CA folder the server's TLS certificate is issued from. Default: a CA of its own in a temp dir. */
  caDir?: string;
}

/** Harness servers by client URL, so startService can give a service its identity on the server it joins. */
const running = new Map<string, NatsHandle>();

/** Lets startService find a server started another way (a cluster, whose url lists its nodes). */
export function registerHarnessNats(url: string, handle: NatsHandle): void {
  running.set(url, handle);
}

/** The server this harness started at `url`, if any (startService reads its credentials from it). */
export function harnessNatsAt(url: string): NatsHandle | undefined {
  return running.get(url);
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
  /** TLS and nkey identities (the default), or undefined for a bare server from startPlainNats. */
  readonly security: NatsSecurity | undefined;
  /** The variables a service needs to join as `identity`: NATS_URL and its credential and CA, or NATS_ANONYMOUS on a bare server. */
  serviceEnv(identity: NatsIdentity): Record<string, string>;
  /** nats.js options to connect as `identity` (default `auditor`: reads the store, pings services). */
  connectionOptions(identity?: NatsIdentity): Promise<ConnectionOptions>;
  /** A connection as `identity` (default `auditor`); the caller closes it. */
  connect(identity?: NatsIdentity, extra?: Partial<ConnectionOptions>): Promise<NatsConnection>;
}

/**
 * A bare nats-server: no TLS, no users, anyone on loopback may do anything. Only for tests of a
 * library against JetStream itself (the event store, the harness) that need no service identities;
 * services joining it are started with NATS_ANONYMOUS=true.
 */
export function startPlainNats(options: StartNatsOptions = {}): Promise<NatsHandle> {
  return startNatsServer(options, false);
}

/**
 * Starts nats-server with JetStream on a free loopback port with its store in a temp dir, the way a
 * site runs it: from a generated config file with TLS (a certificate from the site CA) and one nkey
 * user per service with only its own subjects (see @ferry/service-kit NATS_PERMISSIONS). Waits until
 * JetStream answers /healthz. Call stop() in afterAll; it also removes the temp dirs.
 */
export function startNats(options: StartNatsOptions = {}): Promise<NatsHandle> {
  return startNatsServer(options, true);
}

/** A node of a cluster (nats-cluster.ts): the cluster's shared identities and this node's routes. */
export interface NatsClusterNode {
  readonly security: NatsSecurity;
  readonly cluster: NatsClusterSettings;
}

/** Starts one node of a cluster; its security belongs to the cluster (not removed by the node's stop()). */
export function startNatsNode(options: StartNatsOptions, node: NatsClusterNode): Promise<NatsHandle> {
  return startNatsServer(options, true, node);
}

async function startNatsServer(options: StartNatsOptions, secure: boolean, node?: NatsClusterNode): Promise<NatsHandle> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ferry-nats-')));
  const pickPort = options.pickPort ?? freePort;
  let port = await pickPort();
  let monitorPort = await pickPort();
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;
  let output = '';
  let removed = false;
  const security = node?.security ?? (secure ? await prepareNatsSecurity(options.caDir) : undefined);
  // A cluster's identities outlive any one node.
  const removeSecurity = async (): Promise<void> => {
    if (!node) await security?.remove();
  };

  const launch = async (): Promise<void> => {
    // The config is written again at each launch: a restart reuses it, a retry after a taken port gets the new ports.
    const args = security
      ? ['-c', await security.writeConfig({ host: '127.0.0.1', port, monitorPort, storeDir: dataDir, ...(node ? { cluster: node.cluster } : {}) })]
      : ['-js', '-sd', dataDir, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)];
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
      await removeSecurity();
      throw error;
    }
  }
  const url = `nats://127.0.0.1:${port}`;
  /** Its ports, held while it is killed and not yet restarted (kill9). */
  let held: PortReservation[] = [];
  const releaseHeld = async (): Promise<void> => {
    await Promise.all(held.map((h) => h.release()));
    held = [];
  };
  const connectionOptions = async (identity: NatsIdentity = 'auditor'): Promise<ConnectionOptions> =>
    security ? { ...(await security.connectionOptions(identity)), servers: url } : { servers: url };
  const handle: NatsHandle = {
    url,
    port,
    monitorPort,
    dataDir,
    security,
    log: () => output,
    serviceEnv: (identity): Record<string, string> => ({ NATS_URL: url, ...(security ? security.serviceEnv(identity) : { NATS_ANONYMOUS: 'true' }) }),
    connectionOptions,
    connect: async (identity, extra = {}) => connect({ ...(await connectionOptions(identity)), ...extra }),
    async stop() {
      await terminate('SIGTERM');
      await releaseHeld();
      running.delete(url);
      // A given store is kept for a later restart(), and so are the config and identities that go with it.
      if (ownsDir && !removed) {
        removed = true;
        await rm(dataDir, { recursive: true, force: true });
        await removeSecurity();
      }
    },
    async kill9() {
      await terminate('SIGKILL');
      // Its ports stay this process's until restart(): another suite's freePort picked the client port of a
      // server killed for 5 s once, and the restart could not bind it (CI, 7 December 2026).
      held = (await Promise.all([holdPort(port), holdPort(monitorPort)])).filter((h): h is PortReservation => h !== undefined);
    },
    async restart() {
      if (removed) throw new Error(`restart(): nats-server ${port} was stopped and its temp dir removed; use restart() instead of stop() + restart()`);
      await terminate('SIGTERM');
      await releaseHeld();
      await launch();
    },
  };
  running.set(url, handle);
  return handle;
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
