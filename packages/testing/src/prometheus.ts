/**
 * Debian's Prometheus for tests and the demo: a config that scrapes Ferry services' ops ports (job
 * "ferry", the service's name in the "service" label) with the site's rule files, a server on a free
 * loopback port with its TSDB in a temp dir, and its HTTP API (instant queries, alerts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

const PROMETHEUS = process.env.FERRY_PROMETHEUS ?? '/usr/bin/prometheus';

const REPO = resolve(__dirname, ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []), '..', '..', '..');

/** The rule files shipped in infra/prometheus/rules. */
export const FERRY_RULE_FILES = ['ferry-recording.yml', 'ferry-alerts.yml'].map((f) => join(REPO, 'infra', 'prometheus', 'rules', f));

/** One Ferry service to scrape: its name and the host:port of its ops server. */
export interface ScrapeTarget {
  readonly service: string;
  readonly address: string;
}

export interface PrometheusConfigOptions {
  readonly targets: readonly ScrapeTarget[];
  readonly ruleFiles?: readonly string[];
  readonly scrapeIntervalSeconds?: number;
  readonly evaluationIntervalSeconds?: number;
}

/**
 * prometheus.yml for a Ferry site. `honor_labels`: each service already labels its series with its
 * name (service="…"), which must win over the target label of the same name.
 */
export function prometheusConfig(options: PrometheusConfigOptions): string {
  const scrape = options.scrapeIntervalSeconds ?? 15;
  const lines = [
    'global:',
    `  scrape_interval: ${scrape}s`,
    `  scrape_timeout: ${Math.max(1, Math.min(10, scrape))}s`,
    `  evaluation_interval: ${options.evaluationIntervalSeconds ?? scrape}s`,
    'rule_files:',
    ...(options.ruleFiles ?? FERRY_RULE_FILES).map((f) => `  - ${JSON.stringify(f)}`),
    'scrape_configs:',
    '  - job_name: ferry',
    '    honor_labels: true',
    '    static_configs:',
    ...options.targets.flatMap((t) => [`      - targets: [${JSON.stringify(t.address)}]`, `        labels: { service: ${JSON.stringify(t.service)} }`]),
  ];
  return `${lines.join('\n')}\n`;
}

/** One sample of an instant query. */
export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One alert as /api/v1/alerts lists it. */
export interface PromAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing' | 'inactive';
}

export interface PrometheusHandle {
  readonly url: string;
  /** An instant query (now, or at Unix ms `at`); a query Prometheus cannot parse or run rejects with its error. */
  query(expr: string, at?: number): Promise<PromSample[]>;
  alerts(): Promise<PromAlert[]>;
  /** Everything the server wrote so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${url}: ${body.errorType ?? response.status}: ${body.error ?? 'no error text'}`);
  return body.data;
}

/** Starts Prometheus with `prometheusConfig(options)`; waits until it is ready. Call stop() in afterAll. */
/** `configFile`: where to write its prometheus.yml (kept after stop), e.g. for an operator to read; default a temp file. */
export async function startPrometheus(options: PrometheusConfigOptions & { readyTimeoutMs?: number; configFile?: string }): Promise<PrometheusHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-prometheus-'));
  const config = options.configFile ?? join(dir, 'prometheus.yml');
  await writeFile(config, prometheusConfig(options));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode} before it was ready: ${output.slice(-2000)}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready at ${url} within ${options.readyTimeoutMs ?? 30_000} ms: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async query(expr, at) {
      const time = at === undefined ? '' : `&time=${at / 1000}`;
      const data = await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}${time}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async alerts() {
      return (await api<{ alerts: PromAlert[] }>(`${url}/api/v1/alerts`)).alerts;
    },
    log: () => output,
    stop,
  };
}
