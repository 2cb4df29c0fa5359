import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { grpc } from '@ferry/proto';
import { grpcClient, NATS_IDENTITIES, nodeFlagsOf, unaryCall, type ConfigSchema, type NatsIdentity } from '@ferry/service-kit';
import { harnessNatsAt } from './nats';
import { freePort } from './ports';

// packages/testing/src (jest, from source) or packages/testing/dist/src (built).
const REPO_ROOT = resolve(__dirname, __dirname.split(sep).includes('dist') ? '../../../..' : '../../..');
const SERVING = grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;

/** Options for {@link startService}. */
export interface StartServiceOptions {
  /** How long to wait for gRPC health SERVING. Default 30 s. */
  readyTimeoutMs?: number;
  /** Folder for the log file. Default: $TMPDIR/ferry-services. */
  logDir?: string;
  /** How a port the caller did not give is picked. Default: freePort (its own test hands out a taken one first). */
  pickPort?: () => Promise<number>;
  /**
   * A command that runs node for the service, e.g. ['ip', 'netns', 'exec', ns] to start it in a network
   * namespace (it must exec node, so the handle's pid is the service's). Default: none.
   */
  spawnPrefix?: readonly string[];
}

/** One running service process started from its build (services/<name>/dist/src/main.js). */
export interface ServiceHandle {
  readonly name: string;
  /** The environment it runs with: the given env plus a free port for every port it did not set. */
  readonly env: Readonly<Record<string, string>>;
  /** gRPC health + /metrics. */
  readonly opsPort: number;
  /** Every port variable of the service's config schema and the port it got (OPS_PORT included). */
  readonly ports: Readonly<Record<string, number>>;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Whether its process is up (started and not exited), as its own child-process handle knows it. */
  readonly running: boolean;
  /** SIGTERM and wait for exit; resolves with the exit code (0 after a clean drain). */
  stop(): Promise<number | null>;
  /** SIGKILL: dies at once. */
  kill9(): Promise<void>;
  /** Stops (if running) and starts again with the same env and ports, waiting for SERVING. */
  restart(): Promise<void>;
  /** Everything the process printed so far. */
  log(): string;
}

/** The service's config schema from its build, so every port field can get a free port. */
function schemaOf(name: string): ConfigSchema {
  const file = join(REPO_ROOT, 'services', name, 'dist', 'src', 'config.js');
  if (!existsSync(file)) throw new Error(`services/${name} is not built (${file} missing); run npx turbo run build --filter=@ferry/${name}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build is loaded by path at run time
  return (require(file) as { config: ConfigSchema }).config;
}

/**
 * A service joining a nats-server this harness started gets its own identity on it (its nkey seed and
 * the site CA), or NATS_ANONYMOUS on a bare server, unless the caller set them.
 */
function natsIdentityEnv(name: string, env: Record<string, string>): Record<string, string> {
  const nats = env.NATS_URL === undefined ? undefined : harnessNatsAt(env.NATS_URL);
  if (!nats || env.NATS_CREDENTIALS_FILE !== undefined || env.NATS_ANONYMOUS !== undefined) return {};
  if (!(NATS_IDENTITIES as readonly string[]).includes(name)) throw new Error(`${name} has no NATS identity; add it to NATS_PERMISSIONS in @ferry/service-kit`);
  return nats.serviceEnv(name as NatsIdentity);
}

/** Asks grpc.health.v1.Health/Check on the ops port; resolves with the status or the error text. */
export async function healthStatus(opsPort: number, timeoutMs = 2000): Promise<string> {
  const client = grpcClient('grpc.health.v1.Health', `127.0.0.1:${opsPort}`);
  try {
    const reply = await unaryCall<grpc.health.v1.IHealthCheckRequest, grpc.health.v1.HealthCheckResponse>(client, 'Check', { service: '' }, { deadline: Date.now() + timeoutMs });
    return grpc.health.v1.HealthCheckResponse.ServingStatus[reply.status] ?? String(reply.status);
  } catch (error) {
    return `ERROR ${(error as Error).message}`;
  } finally {
    client.close();
  }
}

/**
 * Spawns `node services/<name>/dist/src/main.js` with `env` (plus PATH/HOME), a free loopback port for
 * every port variable not given, 127.0.0.1 for every *_HOST variable not given, its NATS identity on a
 * harness nats-server, a STATE_DIR of its own and the NATS server's CA_DIR when not given, the node
 * flags the chart gives it (SERVICE_NODE_FLAGS, in NODE_OPTIONS), output captured to a log file, and
 * waits for gRPC health SERVING.
 * If the process exits or never gets healthy, the error carries the tail of its log.
 */
export async function startService(name: string, env: Record<string, string>, options: StartServiceOptions = {}): Promise<ServiceHandle> {
  const fullEnv: Record<string, string> = { OPS_HOST: '127.0.0.1', LOG_LEVEL: 'log', ...env, ...natsIdentityEnv(name, env) };
  // The service's own flags, as the chart gives them; the caller's NODE_OPTIONS come after them, so they win.
  const nodeOptions = [...nodeFlagsOf(name), env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (nodeOptions !== '') fullEnv.NODE_OPTIONS = nodeOptions;
  const ports: Record<string, number> = {};
  /** The port variables picked here (not given by the caller): another process may take one before the service binds it. */
  const picked: string[] = [];
  const pickPort = options.pickPort ?? freePort;
  const schema = Object.values(schemaOf(name));
  const fields = new Set(schema.map((field) => field.env));
  for (const field of schema) {
    // Every listener of a service started here binds to loopback unless the caller says otherwise.
    if (field.env.endsWith('_HOST')) fullEnv[field.env] ??= '127.0.0.1';
    if (field.kind !== 'port') continue;
    if (fullEnv[field.env] === undefined) {
      fullEnv[field.env] = String(await pickPort());
      picked.push(field.env);
    }
    ports[field.env] = Number(fullEnv[field.env]);
  }
  let opsPort = Number(fullEnv.OPS_PORT);
  const logDir = options.logDir ?? join(tmpdir(), 'ferry-services');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}-${process.pid}-${opsPort}.log`);
  // Folders a service keeps outside tests under /var/lib/ferry: its own state next to its log, the CA of the NATS server it joins.
  if (fields.has('STATE_DIR')) fullEnv.STATE_DIR ??= `${logFile.slice(0, -'.log'.length)}-state`;
  if (fields.has('CA_DIR')) fullEnv.CA_DIR ??= (fullEnv.NATS_URL !== undefined ? harnessNatsAt(fullEnv.NATS_URL)?.security?.caDir : undefined) ?? join(tmpdir(), `ferry-test-ca-${process.pid}`);
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);

  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const fail = (why: string): Error => new Error(`${name}: ${why}\n--- ${logFile} (last lines) ---\n${log().split('\n').slice(-40).join('\n')}`);

  const launch = async (): Promise<void> => {
    const out = createWriteStream(logFile, { flags: 'a' });
    await new Promise((r) => out.once('open', r));
    const command = [...(options.spawnPrefix ?? []), process.execPath, join(REPO_ROOT, 'services', name, 'dist', 'src', 'main.js')];
    const started = spawn(command[0]!, command.slice(1), {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...fullEnv },
      stdio: ['ignore', out, out],
    });
    child = started;
    const killOnExit = (): void => void started.kill('SIGKILL');
    process.once('exit', killOnExit);
    exited = new Promise((done) => started.once('exit', (code) => {
      process.removeListener('exit', killOnExit);
      out.end();
      done(code);
    }));
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (gone) throw fail(`exited with code ${await exited} before becoming healthy`);
      if ((await healthStatus(opsPort, 1000)) === 'SERVING') return;
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        throw fail(`not SERVING on gRPC health port ${opsPort} after ${readyTimeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<number | null> => {
    if (running()) child!.kill('SIGTERM');
    return exited;
  };
  // A port that was free when picked can be taken (say, as the source port of an outgoing connection)
  // before the service binds it; then the service exits with EADDRINUSE, and it starts again on new ports.
  for (let attempt = 1; ; attempt++) {
    const logBefore = log().length;
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || picked.length === 0 || !log().slice(logBefore).includes('EADDRINUSE')) throw error;
      for (const variable of picked) ports[variable] = Number((fullEnv[variable] = String(await pickPort())));
      opsPort = Number(fullEnv.OPS_PORT);
    }
  }
  return {
    name,
    env: fullEnv,
    opsPort,
    ports,
    logFile,
    get pid() {
      return child?.pid;
    },
    get running() {
      return running();
    },
    stop,
    kill9: async () => {
      if (running()) child!.kill('SIGKILL');
      await exited;
    },
    restart: async () => {
      await stop();
      await launch();
    },
    log,
  };
}

/** SERVING is what startService waits for; exported so callers can compare. */
export const HEALTH_SERVING = grpc.health.v1.HealthCheckResponse.ServingStatus[SERVING];
