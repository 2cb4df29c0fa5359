/**
 * The login phase of one connection (RFC 7143 §6.3): SecurityNegotiation (None or CHAP, one-way or
 * mutual) then OperationalNegotiation, then the move to full feature phase. Pure: each request in,
 * one reply out; randomness comes in through `randomBytes`, session binding happens in the caller.
 * A refusal leaves its reason in `refusal` (never a secret) for the caller's log line.
 */
import { CHAP_MD5, chapMatches, chapResponse, decodeChapBinary, encodeChapBinary } from './chap';
import { negotiateOperational } from './negotiate-keys';
import { defaultParams, type SessionParams, type TargetPreferences } from './session-params';
import type { TextKeys } from './text-keys';

/** CHAP credentials; `mutual` makes the target prove itself to the initiator too. */
export interface ChapCredentials {
  user: string;
  secret: string;
  mutual?: { user: string; secret: string };
}

/**
 * How a target admits initiators: `none` or CHAP with these credentials, and optionally only the
 * initiator names in `initiators`.
 */
export type TargetAuth = ({ kind: 'none' } | ({ kind: 'chap' } & ChapCredentials)) & {
  /** Initiator names (iqn./eui./naa.) that may log in, compared in lower case (RFC 3722); absent or empty: any. */
  initiators?: readonly string[];
};

/** Login stages (CSG/NSG values). */
export const Stage = { Security: 0, Operational: 1, FullFeature: 3 } as const;

/** Login status class/detail pairs (RFC 7143 §11.13.5). */
export const LoginStatus = {
  Success: 0x0000,
  AuthenticationFailure: 0x0201,
  /** The initiator is not allowed access to the given target (not on its allow list). */
  AuthorizationFailure: 0x0202,
  NotFound: 0x0203,
  UnsupportedVersion: 0x0205,
  TooManyConnections: 0x0206,
  MissingParameter: 0x0207,
  SessionTypeNotSupported: 0x0209,
  SessionDoesNotExist: 0x020a,
  InvalidDuringLogin: 0x020b,
  TargetError: 0x0300,
} as const;

const STATUS_NAMES: Record<number, string> = {
  0x0000: 'success',
  0x0201: 'authentication failure',
  0x0202: 'authorization failure',
  0x0203: 'not found',
  0x0205: 'unsupported version',
  0x0206: 'too many connections',
  0x0207: 'missing parameter',
  0x0209: 'session type not supported',
  0x020a: 'session does not exist',
  0x020b: 'invalid during login',
  0x0300: 'target error',
};

/** A login status as logs show it: "0x0202 (authorization failure)". */
export function describeStatus(status: number): string {
  const name = STATUS_NAMES[status];
  return `0x${status.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''}`;
}

/** The fields of a Login Request that negotiation looks at. */
export interface LoginRequest {
  transit: boolean;
  csg: number;
  nsg: number;
  versionMin: number;
  keys: TextKeys;
}

/** The answer to one Login Request. */
export interface LoginReply {
  transit: boolean;
  csg: number;
  nsg: number;
  /** Status class (high byte) and detail (low byte). */
  status: number;
  keys: TextKeys;
  /** True when this reply moves the connection to full feature phase. */
  complete: boolean;
}

/** What the negotiator needs from the rest of the target. */
export interface LoginEnvironment {
  /** Auth of a named target, or undefined if no such target exists. */
  authOf(targetName: string): TargetAuth | undefined;
  /** Auth required for discovery sessions. */
  discoveryAuth: TargetAuth;
  preferences: TargetPreferences;
  randomBytes(length: number): Buffer;
}

type ChapState = { step: 'await-algorithm' } | { step: 'await-response'; id: number; challenge: Buffer } | { step: 'done' };

/** Negotiates one connection's login; inspect `initiatorName`, `sessionType`, `targetName`, `params` when complete. */
export class LoginNegotiator {
  initiatorName = '';
  targetName = '';
  sessionType: 'Normal' | 'Discovery' = 'Normal';
  /** Why the last request was refused, for logs; names no secret. */
  refusal = '';
  readonly params: SessionParams;
  private auth: TargetAuth | undefined;
  private authenticated = false;
  private chap: ChapState = { step: 'await-algorithm' };
  private declaredOurs = false;
  private declaredMaxRecv = false;
  private stage: number = Stage.Security;

  constructor(private readonly env: LoginEnvironment) {
    this.params = defaultParams(env.preferences);
  }

  /** How far the login got, for logs: the stage, who logs in to what, and where CHAP stands. */
  describe(): string {
    const stage = this.stage === Stage.Security ? 'security negotiation' : this.stage === Stage.Operational ? 'operational negotiation' : 'full feature phase';
    const who = this.initiatorName ? ` as ${JSON.stringify(this.initiatorName.slice(0, 100))}` : '';
    const what = this.sessionType === 'Discovery' ? ' (discovery)' : this.targetName ? ` to ${JSON.stringify(this.targetName.slice(0, 100))}` : '';
    const chap = this.chap.step === 'await-response' ? ', CHAP challenge sent and not answered' : '';
    return `in ${stage}${who}${what}${chap}`;
  }

  /** Handles one Login Request and says what to answer. */
  step(req: LoginRequest): LoginReply {
    const fail = (status: number, why?: string): LoginReply => {
      if (why !== undefined) this.refusal = why;
      return { transit: false, csg: req.csg, nsg: 0, status, keys: [], complete: false };
    };
    if (req.versionMin > 0) return fail(LoginStatus.UnsupportedVersion, `it asks for iSCSI version ${req.versionMin} or later; this target speaks version 0`);
    if (req.csg !== this.stage && !(this.stage === Stage.Security && req.csg === Stage.Operational)) return fail(LoginStatus.InvalidDuringLogin, `a request for stage ${req.csg} came ${this.describe()}`);
    const keys = new Map(req.keys);
    if (this.auth === undefined) {
      const identity = this.identify(keys);
      if (typeof identity === 'number') return fail(identity);
    }
    const answers: TextKeys = [];
    if (!this.declaredOurs && this.sessionType === 'Normal') answers.push(['TargetPortalGroupTag', '1']);
    if (req.csg === Stage.Security) {
      const status = this.securityStep(keys, answers);
      if (status !== LoginStatus.Success) return fail(status);
    } else {
      // Skipping security is allowed only when the target requires none.
      if (!this.authenticated && this.auth?.kind !== 'none') return fail(LoginStatus.AuthenticationFailure, 'it skipped security negotiation (no CHAP) and the target requires CHAP');
      this.authenticated = true;
      answers.push(...negotiateOperational(req.keys, this.params, this.env.preferences));
      if (!this.declaredMaxRecv && !answers.some(([k]) => k === 'MaxRecvDataSegmentLength')) {
        answers.push(['MaxRecvDataSegmentLength', String(this.env.preferences.maxRecvDataSegmentLength)]);
      }
      this.declaredMaxRecv = true;
    }
    this.declaredOurs = true;
    const canTransit = req.transit && this.authenticated && req.nsg > req.csg && req.nsg !== 2;
    if (canTransit) this.stage = req.nsg;
    return {
      transit: canTransit,
      csg: req.csg,
      nsg: canTransit ? req.nsg : 0,
      status: LoginStatus.Success,
      keys: answers,
      complete: canTransit && req.nsg === Stage.FullFeature,
    };
  }

  /** Reads the identity keys of the first request; a status number when they are wrong. */
  private identify(keys: Map<string, string>): number | undefined {
    const initiator = keys.get('InitiatorName');
    if (!initiator) return this.refuse(LoginStatus.MissingParameter, 'its first Login Request has no InitiatorName');
    this.initiatorName = initiator;
    const type = keys.get('SessionType') ?? 'Normal';
    if (type !== 'Normal' && type !== 'Discovery') return this.refuse(LoginStatus.SessionTypeNotSupported, `SessionType=${JSON.stringify(type.slice(0, 40))} is neither Normal nor Discovery`);
    this.sessionType = type;
    const target = type === 'Discovery' ? undefined : keys.get('TargetName');
    if (type === 'Normal' && !target) return this.refuse(LoginStatus.MissingParameter, 'its first Login Request of a normal session has no TargetName');
    const auth = target === undefined ? this.env.discoveryAuth : this.env.authOf(target);
    const what = target === undefined ? 'discovery sessions' : `target ${JSON.stringify(target.slice(0, 100))}`;
    if (!auth) return this.refuse(LoginStatus.NotFound, `there is no ${what} here`);
    if (target !== undefined) this.targetName = target;
    // Checked before authentication, as an access list is (LIO does the same): an unlisted name gets no CHAP challenge.
    if (!initiatorAllowed(auth, initiator)) return this.refuse(LoginStatus.AuthorizationFailure, `initiator ${JSON.stringify(initiator.slice(0, 100))} is not on the initiator allow list of ${what}`);
    this.auth = auth;
    return undefined;
  }

  private refuse(status: number, why: string): number {
    this.refusal = why;
    return status;
  }

  private securityStep(keys: Map<string, string>, answers: TextKeys): number {
    const auth = this.auth as TargetAuth;
    const offered = keys.get('AuthMethod');
    if (offered !== undefined) {
      const methods = offered.split(',');
      const want = auth.kind === 'chap' ? 'CHAP' : 'None';
      if (!methods.includes(want)) return this.refuse(LoginStatus.AuthenticationFailure, `it offered AuthMethod=${JSON.stringify(offered.slice(0, 40))} and the target requires ${want}`);
      answers.push(['AuthMethod', want]);
      if (auth.kind === 'none') this.authenticated = true;
      return LoginStatus.Success;
    }
    if (auth.kind === 'none') {
      this.authenticated = true; // no AuthMethod offered and none required
      return LoginStatus.Success;
    }
    return this.chapStep(auth, keys, answers);
  }

  private chapStep(auth: ChapCredentials, keys: Map<string, string>, answers: TextKeys): number {
    if (this.chap.step === 'await-algorithm') {
      const algorithms = keys.get('CHAP_A')?.split(',') ?? [];
      if (!algorithms.includes(String(CHAP_MD5))) return this.refuse(LoginStatus.AuthenticationFailure, `it offered no CHAP algorithm this target has (CHAP_A=${CHAP_MD5}, MD5)`);
      const id = (this.env.randomBytes(1)[0] as number) & 0xff;
      const challenge = this.env.randomBytes(16);
      this.chap = { step: 'await-response', id, challenge };
      answers.push(['CHAP_A', String(CHAP_MD5)], ['CHAP_I', String(id)], ['CHAP_C', encodeChapBinary(challenge)]);
      return LoginStatus.Success;
    }
    if (this.chap.step === 'done') return LoginStatus.Success;
    const { id, challenge } = this.chap;
    const expected = chapResponse(id, auth.secret, challenge);
    const name = keys.get('CHAP_N');
    if (name !== auth.user) return this.refuse(LoginStatus.AuthenticationFailure, `its CHAP name ${JSON.stringify((name ?? '').slice(0, 100))} is not the target's CHAP user`);
    if (!chapMatches(expected, decodeChapBinary(keys.get('CHAP_R') ?? ''))) {
      return this.refuse(LoginStatus.AuthenticationFailure, `its CHAP response for user ${JSON.stringify(auth.user)} does not match the target's secret`);
    }
    const theirId = keys.get('CHAP_I');
    const theirChallenge = keys.get('CHAP_C');
    if (auth.mutual) {
      const c = theirChallenge === undefined ? undefined : decodeChapBinary(theirChallenge);
      const i = Number(theirId);
      if (!c || !Number.isInteger(i) || i < 0 || i > 255 || c.equals(challenge)) {
        return this.refuse(LoginStatus.AuthenticationFailure, 'its challenge for mutual CHAP is missing, malformed or a copy of ours');
      }
      answers.push(['CHAP_N', auth.mutual.user], ['CHAP_R', encodeChapBinary(chapResponse(i, auth.mutual.secret, c))]);
    } else if (theirChallenge !== undefined) {
      return this.refuse(LoginStatus.AuthenticationFailure, 'it asks for mutual CHAP and the target has no secret to prove itself with');
    }
    this.chap = { step: 'done' };
    this.authenticated = true;
    return LoginStatus.Success;
  }
}

/** Whether `auth`'s allow list (if any) names `initiator`; iSCSI names compare in lower case (RFC 3722). */
export function initiatorAllowed(auth: TargetAuth, initiator: string): boolean {
  const allowed = auth.initiators;
  if (!allowed || allowed.length === 0) return true;
  const name = initiator.toLowerCase();
  return allowed.some((a) => a.toLowerCase() === name);
}
