/**
 * Operational parameters of a connection and its session after login (RFC 7143 §13), and the
 * target's own preferences that negotiation starts from.
 */

/** The values in force after login. */
export interface SessionParams {
  headerDigest: boolean;
  dataDigest: boolean;
  /** The largest data segment the initiator accepts from us (its declaration). */
  initiatorMaxRecvDataSegmentLength: number;
  /** The largest data segment we accept (our declaration). */
  targetMaxRecvDataSegmentLength: number;
  firstBurstLength: number;
  maxBurstLength: number;
  immediateData: boolean;
  initialR2T: boolean;
  maxOutstandingR2T: number;
  maxConnections: number;
  errorRecoveryLevel: number;
  dataPduInOrder: boolean;
  dataSequenceInOrder: boolean;
  defaultTime2Wait: number;
  defaultTime2Retain: number;
}

/** What the target offers; negotiation never grants more. */
export interface TargetPreferences {
  maxRecvDataSegmentLength: number;
  maxBurstLength: number;
  firstBurstLength: number;
  immediateData: boolean;
  initialR2T: boolean;
  maxOutstandingR2T: number;
  maxConnections: number;
  /** Whether CRC32C digests may be chosen when the initiator offers them. */
  allowDigests: boolean;
}

export const DEFAULT_PREFERENCES: TargetPreferences = {
  maxRecvDataSegmentLength: 262144,
  maxBurstLength: 1048576,
  firstBurstLength: 262144,
  immediateData: true,
  initialR2T: false,
  maxOutstandingR2T: 8,
  maxConnections: 4,
  allowDigests: true,
};

/** RFC 7143 defaults, in force for any key the initiator never negotiates. */
export function defaultParams(prefs: TargetPreferences): SessionParams {
  return {
    headerDigest: false,
    dataDigest: false,
    initiatorMaxRecvDataSegmentLength: 8192,
    targetMaxRecvDataSegmentLength: prefs.maxRecvDataSegmentLength,
    firstBurstLength: Math.min(65536, prefs.firstBurstLength),
    maxBurstLength: Math.min(262144, prefs.maxBurstLength),
    immediateData: prefs.immediateData,
    initialR2T: true,
    maxOutstandingR2T: 1,
    maxConnections: 1,
    errorRecoveryLevel: 0,
    dataPduInOrder: true,
    dataSequenceInOrder: true,
    defaultTime2Wait: 2,
    defaultTime2Retain: 20,
  };
}
