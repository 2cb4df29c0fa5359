// Runs every panel query of Ferry's dashboards (@ferry/dashboards) through a real Prometheus that
// scraped a real site: each must parse and return data, at the moment the panel is about.
import { buildDashboard, DASHBOARDS, queriesOf, type DashboardQuery } from '@ferry/dashboards';
import { startPrometheus, type PrometheusHandle } from '@ferry/testing';
import type { ColdMigrationEnv } from './cold-migration-env';

/** Every service of the site by name, as Prometheus labels it. */
export function siteServices(env: ColdMigrationEnv): Record<string, { readonly ports: Readonly<Record<string, number>> }> {
  return { appliance: env.appliance, inventory: env.inventory, 'guest-prep': env.guestPrep, 'prem-esxi-manager': env.esxi, 'prem-manager': env.prem, 'cloud-manager': env.cloud, 'cloud-cache': env.cache };
}

/** Prometheus scraping every service of the site every `seconds` (default 2), with the shipped rules. */
export function prometheusFor(env: ColdMigrationEnv, seconds = 2): Promise<PrometheusHandle> {
  return startPrometheus({
    targets: Object.entries(siteServices(env)).map(([service, handle]) => ({ service, address: `127.0.0.1:${handle.ports.OPS_PORT}` })),
    scrapeIntervalSeconds: seconds,
    evaluationIntervalSeconds: seconds,
  });
}

/** The panel queries that returned nothing (or failed to run) at the time given per dashboard (Unix ms; absent: now). */
export async function emptyPanels(prometheus: PrometheusHandle, at: Readonly<Record<string, number>>): Promise<Array<DashboardQuery & { problem: string }>> {
  const empty: Array<DashboardQuery & { problem: string }> = [];
  const queries = Object.values(DASHBOARDS).flatMap((spec) => queriesOf(buildDashboard(spec)));
  for (const q of queries) {
    try {
      const samples = await prometheus.query(q.expr, at[q.dashboard]);
      if (samples.length === 0) empty.push({ ...q, problem: 'no data' });
    } catch (error) {
      empty.push({ ...q, problem: (error as Error).message });
    }
  }
  return empty;
}

/** How many panel queries the dashboards hold. */
export function panelQueryCount(): number {
  return Object.values(DASHBOARDS).reduce((n, spec) => n + queriesOf(buildDashboard(spec)).length, 0);
}
