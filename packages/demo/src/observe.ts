// `npm run demo -- --observe`: Debian's Prometheus scrapes every service of the demo with the shipped
// rules (its config is written to infra/prometheus/demo.yml for the demo's ports); after the
// migrations the demo prints what Prometheus saw, and, on a terminal, keeps everything running until
// Ctrl-C so the operator can query it (or point a Grafana with infra/grafana at it).
import { join, resolve } from 'node:path';
import { SITE_SERVICES, startPrometheus, type FerrySite, type PrometheusHandle } from '@ferry/testing';

/** infra/prometheus/demo.yml, from src/ or dist/src/. */
export const DEMO_PROMETHEUS_CONFIG = join(resolve(__dirname, ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []), '..', '..', '..'), 'infra', 'prometheus', 'demo.yml');

export async function startDemoPrometheus(site: FerrySite, say: (line: string) => void): Promise<PrometheusHandle> {
  const targets = SITE_SERVICES.map((service) => ({ service, address: `127.0.0.1:${site.service(service).ports.OPS_PORT}` }));
  const prometheus = await startPrometheus({ targets, scrapeIntervalSeconds: 2, evaluationIntervalSeconds: 2, configFile: DEMO_PROMETHEUS_CONFIG });
  say(`Prometheus ${prometheus.url} scrapes the ${targets.length} services every 2 s with infra/prometheus/rules (config: ${DEMO_PROMETHEUS_CONFIG})`);
  return prometheus;
}

/** What Prometheus saw of the demo: migrations by phase, data moved, alerts firing. */
export async function reportObserved(prometheus: PrometheusHandle, say: (line: string) => void): Promise<void> {
  const one = async (expr: string): Promise<number> => (await prometheus.query(expr))[0]?.value ?? 0;
  const phases = await prometheus.query('ferry:migrations:by_phase');
  say(`Prometheus: migrations by phase: ${phases.map((s) => `${s.metric.phase} ${s.value}`).join(', ') || 'none yet'}`);
  say(`Prometheus: wire bytes sent by prem-manager ${Math.round((await one('sum(ferry_shipper_wire_bytes_sent_total)')) / 2 ** 20)} MiB; downtime p50 ${(await one('histogram_quantile(0.5, sum by (le) (ferry_migration_downtime_seconds_bucket))')).toFixed(1)} s`);
  const alerts = (await prometheus.alerts()).filter((a) => a.state === 'firing').map((a) => `${a.labels.alertname}${a.labels.service ? ` (${a.labels.service})` : ''}`);
  say(`Prometheus: alerts firing: ${alerts.join(', ') || 'none'}`);
}

/** On a terminal: waits for Ctrl-C so the operator can look; otherwise returns at once. */
export async function holdForOperator(prometheus: PrometheusHandle, say: (line: string) => void): Promise<void> {
  if (!process.stdin.isTTY) return;
  say(`everything keeps running: open ${prometheus.url} (try ferry:migrations:by_phase or ALERTS); Ctrl-C stops it all`);
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
}
