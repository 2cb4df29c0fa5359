// @ferry/chart-check: renders charts/ferry with infra/chart-render and checks the manifests.
export { checkManifests, type ChartCheckOptions } from './check-chart';
export { parseManifests, describe, type Manifest } from './manifests';
export { FERRY_CHART, REPO } from './paths';
export { unreadPortSettings } from './port-settings';
export { readmePortFindings } from './readme-ports';
export { ChartRenderError, chartRenderer, renderChart, type RenderRequest } from './render';
export { loadServiceSchemas, serviceConfigFiles } from './service-schemas';
export { workloadsOf, serviceOf, type Workload } from './workloads';
