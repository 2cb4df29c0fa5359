// Downtime prediction: what the site's migrations measured, the pre-copy, cold and warm downtime a VM is
// predicted to take, the advice which mode it should rather take, and the recording at each cutover.
export { DEFAULTS } from './defaults';
export { stepHistory, EMPTY_HISTORY, type StepHistory } from './history';
export { fitDeltaModel, lastDirtyRate, lastSync, rehashMillisPerGiB, shipFactor, type DeltaModel, type SyncRecord } from './sync-model';
export { syncsOf } from './syncs';
export { predictPrecopy, predictCold, predictWarm, median, type PrecopyInput, type StepName } from './downtime';
export { advise, duration, type Advice, type Mode } from './advice';
export { predictMigration, cutoverTimeOf, diskBytesOf } from './predict-migration';
export { SiteHistory } from './site-history';
export { PredictionRecorder } from './prediction-recorder';
