// Login tokens: JWTs (jose) signed HS256 with a 256-bit key the appliance keeps in its state dir (mode
// 0600, made at first start). A token names the user and expires; the role is read from the principals
// at each call, so a changed role or password takes effect at once. Rotating the key (docs/security.md)
// ends every token.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { IllegalStateError, UnauthenticatedError } from '@ferry/errors';

const ISSUER = 'ferry-appliance';
const AUDIENCE = 'ferry-api';
const ALGORITHM = 'HS256';
/** The signing key's file under STATE_DIR. */
export const TOKEN_KEY_FILE = 'api-token.key';
const LOGIN = 'run `ferry login` for a new one';

/** A token's claims as the API uses them. */
export interface VerifiedToken {
  readonly user: string;
  /** Unix ms. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Reads the signing key from `stateDir`, making it (0600) on first start. */
export async function loadTokenKey(stateDir: string): Promise<Uint8Array> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, TOKEN_KEY_FILE);
  try {
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length < 32) throw new IllegalStateError(`${file} holds ${key.length} bytes, fewer than 32; delete it and restart the appliance to make a new key (every user logs in again)`);
  return key;
}

/** Signs and checks login tokens with one key. */
export class TokenSigner {
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlMs: number,
  ) {}

  /** A token for `user`, valid from `nowMs` for the configured time. */
  async issue(user: string, nowMs: number): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = Math.floor(nowMs / 1000);
    const expires = issuedAt + Math.ceil(this.ttlMs / 1000);
    const token = await new SignJWT({}).setProtectedHeader({ alg: ALGORITHM }).setSubject(user).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(issuedAt).setExpirationTime(expires).sign(this.key);
    return { token, expiresAt: expires * 1000 };
  }

  /** The token's user and times, or UnauthenticatedError saying what is wrong with it and what to do. */
  async verify(token: string, nowMs: number): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM], currentDate: new Date(nowMs), requiredClaims: ['sub', 'iat', 'exp'] });
      return { user: payload.sub ?? '', issuedAt: (payload.iat ?? 0) * 1000, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (error) {
      throw new UnauthenticatedError(reasonOf(error), { cause: error });
    }
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
