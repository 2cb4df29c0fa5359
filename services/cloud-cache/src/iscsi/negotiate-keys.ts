/**
 * Answers operational keys (RFC 7143 §6.2, §13): each key's result function and the value we send
 * back. Pure: params in, params and answers out.
 */
import type { SessionParams, TargetPreferences } from './session-params';
import type { TextKeys } from './text-keys';

const MIN_DATA = 512;
const MAX_DATA = 16777215;

const yes = (v: string): boolean | undefined => (v === 'Yes' ? true : v === 'No' ? false : undefined);
const word = (b: boolean): string => (b ? 'Yes' : 'No');
function num(value: string, min: number, max: number): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Keys answered elsewhere (security stage) or declarations that need no answer. */
const DECLARATIONS = new Set(['InitiatorName', 'InitiatorAlias', 'TargetName', 'SessionType']);

/**
 * Negotiates the operational keys among `offered` into `params`, returning the answers in the
 * order asked. Keys we do not know are answered NotUnderstood; bad values are answered Reject.
 */
export function negotiateOperational(offered: TextKeys, params: SessionParams, prefs: TargetPreferences): TextKeys {
  const answers: TextKeys = [];
  for (const [key, value] of offered) {
    if (DECLARATIONS.has(key)) continue;
    const answer = answerKey(key, value, params, prefs);
    if (answer !== null) answers.push([key, answer]);
  }
  if (params.firstBurstLength > params.maxBurstLength) params.firstBurstLength = params.maxBurstLength;
  return answers;
}

function digest(value: string, allow: boolean): { pick: string; on: boolean } | undefined {
  for (const choice of value.split(',')) {
    if (choice === 'None') return { pick: 'None', on: false };
    if (choice === 'CRC32C' && allow) return { pick: 'CRC32C', on: true };
  }
  return undefined;
}

/** The answer to one key, or null when the key is declarative and needs none. */
function answerKey(key: string, value: string, p: SessionParams, prefs: TargetPreferences): string | null {
  switch (key) {
    case 'HeaderDigest':
    case 'DataDigest': {
      const chosen = digest(value, prefs.allowDigests);
      if (!chosen) return 'Reject';
      if (key === 'HeaderDigest') p.headerDigest = chosen.on;
      else p.dataDigest = chosen.on;
      return chosen.pick;
    }
    case 'MaxRecvDataSegmentLength': {
      const n = num(value, MIN_DATA, MAX_DATA);
      if (n === undefined) return 'Reject';
      p.initiatorMaxRecvDataSegmentLength = n;
      return String(prefs.maxRecvDataSegmentLength); // declarative: we state our own
    }
    case 'MaxBurstLength':
    case 'FirstBurstLength': {
      const n = num(value, MIN_DATA, MAX_DATA);
      if (n === undefined) return 'Reject';
      const v = Math.min(n, key === 'MaxBurstLength' ? prefs.maxBurstLength : prefs.firstBurstLength);
      if (key === 'MaxBurstLength') p.maxBurstLength = v;
      else p.firstBurstLength = v;
      return String(v);
    }
    case 'MaxOutstandingR2T': {
      const n = num(value, 1, 65535);
      if (n === undefined) return 'Reject';
      p.maxOutstandingR2T = Math.min(n, prefs.maxOutstandingR2T);
      return String(p.maxOutstandingR2T);
    }
    case 'MaxConnections': {
      const n = num(value, 1, 65535);
      if (n === undefined) return 'Reject';
      p.maxConnections = Math.min(n, prefs.maxConnections);
      return String(p.maxConnections);
    }
    case 'ErrorRecoveryLevel': {
      if (num(value, 0, 2) === undefined) return 'Reject';
      p.errorRecoveryLevel = 0; // we implement level 0 only: min(offer, 0)
      return '0';
    }
    case 'DefaultTime2Wait':
    case 'DefaultTime2Retain': {
      const n = num(value, 0, 3600);
      if (n === undefined) return 'Reject';
      if (key === 'DefaultTime2Wait') p.defaultTime2Wait = Math.max(n, 0);
      else p.defaultTime2Retain = 0; // no connection recovery at ERL 0: nothing to retain
      return key === 'DefaultTime2Wait' ? String(p.defaultTime2Wait) : '0';
    }
    case 'InitialR2T':
    case 'DataPDUInOrder':
    case 'DataSequenceInOrder': {
      const b = yes(value);
      if (b === undefined) return 'Reject';
      // OR-results: we require in-order data, so those two always end Yes.
      const result = key === 'InitialR2T' ? b || prefs.initialR2T : true;
      if (key === 'InitialR2T') p.initialR2T = result;
      else if (key === 'DataPDUInOrder') p.dataPduInOrder = result;
      else p.dataSequenceInOrder = result;
      return word(result);
    }
    case 'ImmediateData': {
      const b = yes(value);
      if (b === undefined) return 'Reject';
      p.immediateData = b && prefs.immediateData;
      return word(p.immediateData);
    }
    case 'IFMarker':
    case 'OFMarker':
      return yes(value) === undefined ? 'Reject' : 'No';
    case 'TargetAlias':
    case 'TargetAddress':
    case 'TargetPortalGroupTag':
      return 'Irrelevant'; // target-declared keys an initiator must not send
    default:
      return 'NotUnderstood';
  }
}
