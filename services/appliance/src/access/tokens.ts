// Login tokens: JWTs (jose) signed HS256 with the appliance's current token key (token-keys.ts), whose
// id each token carries in its "kid" header. A token names the user and expires; the role is read
// from the principals at each call, so a changed role or password takes effect at once. Rotating the
// key (rotateKey, docs/security.md) keeps the previous key verifying the tokens it signed until the
// last of them has expired, so nobody is logged out by it.
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '@ferry/errors';
import type { TokenKey, TokenKeys } from './token-keys';

const ISSUER = 'ferry-appliance';
const AUDIENCE = 'ferry-api';
const ALGORITHM = 'HS256';
const LOGIN = 'run `ferry login` for a new one';
/** An unknown key id makes the keys be read again from the state dir at most this often. */
const RELOAD_EVERY_MS = 5_000;

/** A token's claims as the API uses them. */
export interface VerifiedToken {
  readonly user: string;
  /** Unix ms. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** What a rotation did: the new key's id, the previous one's, and until when the previous one's tokens are accepted. */
export interface TokenKeyRotation {
  readonly keyId: string;
  readonly previousKeyId: string;
  readonly previousAcceptedUntil: number;
}

/** Signs and checks login tokens with the appliance's token keys. */
export class TokenSigner {
  private reloadedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly keys: TokenKeys,
    private readonly ttlMs: number,
  ) {}

  /** A token for `user`, valid from `nowMs` for the configured time, signed with the current key. */
  async issue(user: string, nowMs: number): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = Math.floor(nowMs / 1000);
    const expires = issuedAt + Math.ceil(this.ttlMs / 1000);
    const key = this.keys.current;
    const token = await new SignJWT({}).setProtectedHeader({ alg: ALGORITHM, kid: key.id }).setSubject(user).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(issuedAt).setExpirationTime(expires).sign(key.secret);
    return { token, expiresAt: expires * 1000 };
  }

  /** The token's user and times, or UnauthenticatedError saying what is wrong with it and what to do. */
  async verify(token: string, nowMs: number): Promise<VerifiedToken> {
    const key = await this.keyFor(token, nowMs);
    try {
      const { payload } = await jwtVerify(token, key.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM], currentDate: new Date(nowMs), requiredClaims: ['sub', 'iat', 'exp'] });
      return { user: payload.sub ?? '', issuedAt: (payload.iat ?? 0) * 1000, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (error) {
      throw new UnauthenticatedError(reasonOf(error), { cause: error });
    }
  }

  /**
   * A new current key; the previous one is accepted until every token it signed has expired (the
   * token lifetime, plus the second tokens round their expiry up by).
   */
  async rotateKey(nowMs: number): Promise<TokenKeyRotation> {
    const { current, previous } = await this.keys.rotate(nowMs, this.ttlMs + 1000);
    return { keyId: current.id, previousKeyId: previous.id, previousAcceptedUntil: previous.acceptedUntil };
  }

  /**
   * The key the token names. A token without a key id is from before ids, and one whose header does not
   * decode is not a token: both are checked with the current key, whose check then says what is wrong.
   */
  private async keyFor(token: string, nowMs: number): Promise<TokenKey> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return this.keys.current;
    }
    if (kid === undefined) return this.keys.current;
    let key = this.keys.find(kid, nowMs);
    if (!key && nowMs - this.reloadedAt >= RELOAD_EVERY_MS) {
      this.reloadedAt = nowMs;
      await this.keys.reload(nowMs);
      key = this.keys.find(kid, nowMs);
    }
    if (!key) {
      throw new UnauthenticatedError(
        `the token was signed with key "${kid}", which this appliance does not hold (it was rotated out after its tokens expired, or the token is from another site); ${LOGIN}`,
      );
    }
    return key;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return `the token expired${exp ? ` at ${new Date(exp * 1000).toISOString()}` : ''}; ${LOGIN}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return `the token is not signed by this appliance's key (the key was rotated, or the token is from another site); ${LOGIN}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not one this appliance issues (${error.reason}); ${LOGIN}`;
  if (error instanceof errors.JOSEError) return `the token is not one this appliance issues (${error.code}); ${LOGIN}, or send an API key`;
  return `the token could not be checked (${String(error)}); ${LOGIN}`;
}
