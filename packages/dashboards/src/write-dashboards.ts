// Writes every dashboard's JSON model to infra/grafana/dashboards (run after changing a dashboard:
// `npm run dashboards -w packages/dashboards`; a unit test fails while the files are behind the code).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboard, DASHBOARDS } from './index';
import { DASHBOARD_DIR } from './paths';

for (const [file, spec] of Object.entries(DASHBOARDS)) {
  writeFileSync(join(DASHBOARD_DIR, file), `${JSON.stringify(buildDashboard(spec), null, 2)}\n`);
  process.stdout.write(`wrote ${join(DASHBOARD_DIR, file)}\n`);
}
