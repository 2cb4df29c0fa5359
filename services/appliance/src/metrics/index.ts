export { FleetMetricsLifecycle } from './fleet-lifecycle';
export { FleetView } from './fleet-view';
export { registerFleetMetrics, type StreamFigures } from './fleet-metrics';
