import { join, resolve } from 'node:path';

/** The repository root, from src/ or dist/src/. */
const REPO = resolve(__dirname, ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []), '..', '..', '..');

/** Where the built dashboards are kept for Grafana's provisioning. */
export const DASHBOARD_DIR = join(REPO, 'infra', 'grafana', 'dashboards');
