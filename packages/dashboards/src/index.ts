// Ferry's Grafana dashboards as code (Grafana Foundation SDK). `npm run dashboards -w packages/dashboards`
// writes them to infra/grafana/dashboards.
import { CLOUD_CACHE } from './cloud-cache';
import { DATA_PLANE } from './data-plane';
import type { DashboardSpec } from './dashboard';
import { FLEET_OVERVIEW } from './fleet-overview';
import { SERVICE_HEALTH } from './service-health';

export { buildDashboard, type DashboardSpec } from './dashboard';
export type { PanelQuery, PanelSpec } from './panels';

/** Every dashboard, by the file name it is written to. */
export const DASHBOARDS: Readonly<Record<string, DashboardSpec>> = {
  'ferry-fleet.json': FLEET_OVERVIEW,
  'ferry-data-plane.json': DATA_PLANE,
  'ferry-cloud-cache.json': CLOUD_CACHE,
  'ferry-service-health.json': SERVICE_HEALTH,
};
export { queriesOf, type DashboardQuery } from './queries';
export { DASHBOARD_DIR } from './paths';
