export { handleTransfer, type ReceiverDeps, type ReceiverStreamMetrics } from './receiver-stream';
export { TargetStore, stateDirOf, adjacentRuns, type TargetSpec, type PendingBatch } from './target-store';
export { asNoSpace, datastoreOf, describeNoSpace, isNoSpace, NoSpaceError, noSpaceReport, type NoSpaceReport } from './no-space';
export { SessionLease, type LeaseRecord, type LeaseSetting } from './session-lease';
export { handleStripe, type StripeSetting, type StripeSink } from './stripe-stream';
export { FrameOrder } from './frame-order';
