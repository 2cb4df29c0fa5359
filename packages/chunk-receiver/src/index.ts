export { handleTransfer, type ReceiverDeps, type ReceiverStreamMetrics } from './receiver-stream';
export { TargetStore, stateDirOf, adjacentRuns, type TargetSpec, type PendingBatch } from './target-store';
export { asNoSpace, datastoreOf, describeNoSpace, isNoSpace, NoSpaceError, noSpaceReport, type NoSpaceReport } from './no-space';
export { SessionLease, type LeaseRecord, type LeaseSetting } from './session-lease';
export { handleStripe } from './stripe-stream';
export { stripeIntake, type StripeIntake, type StripeSetting, type StripeSink } from './stripe-intake';
export { serveLeanStripes } from './lean-stripe-server';
export { FrameOrder } from './frame-order';
