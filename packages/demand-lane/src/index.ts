export { DemandAsker, DemandAnswerError, type DemandAsk } from './demand-asker';
export { LanePool } from './lane-pool';
export { LaneDialer, type DemandAnswerer, type LaneDialerOptions } from './lane-dialer';
export { PriorityGate } from './priority-gate';
export { ReplayWindow } from './replay-window';
export { DemandVerifier, type DemandExpectation } from './demand-verifier';
