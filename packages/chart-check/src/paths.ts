import { join, resolve } from 'node:path';

/** The repository root, from src/ or dist/src/. */
export const REPO = resolve(__dirname, ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []), '..', '..', '..');

/** Ferry's Helm chart. */
export const FERRY_CHART = join(REPO, 'charts', 'ferry');

/** Builds (when its sources changed) and prints the path of our Helm-compatible renderer. */
export const RENDERER_BUILD_SCRIPT = join(REPO, 'infra', 'chart-render', 'build.sh');

/** The services, each with services/<name>/src/config.ts. */
export const SERVICES_DIR = join(REPO, 'services');
