// Password hashes: scrypt (node:crypto, OpenSSL's) with a random 16-byte salt per hash. The stored
// form names its parameters, "scrypt$<N>$<r>$<p>$<salt>$<hash>" (base64), so a later cost can verify
// older hashes. N = 2^15, r = 8, p = 1 is OWASP's scrypt setting: about 32 MiB and 50-100 ms a hash.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '@ferry/errors';

const COST = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** Shorter passwords are refused; a passphrase of a few words passes easily. */
export const MIN_PASSWORD = 12;
/** Longer is a paste error, and scrypt's input should stay bounded. */
export const MAX_PASSWORD = 1024;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Refuses a password too short or too long to be one, naming `field`. */
export function checkPasswordStrength(field: string, password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD) throw new ValidationError(field, `is ${length} characters long; use at least ${MIN_PASSWORD} (a passphrase of a few words)`);
  if (length > MAX_PASSWORD) throw new ValidationError(field, `is ${length} characters long; use at most ${MAX_PASSWORD}`);
}

/** The stored form of `password`'s hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` hashes to `stored`; false for a wrong password or a stored form this code does not know. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined || [...password].length > MAX_PASSWORD) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let unknownUser: Promise<string> | undefined;
/** A hash of a random password nobody knows: a login for an unknown user costs as much as for a known one. */
export function unknownUserHash(): Promise<string> {
  unknownUser ??= hashPassword(randomBytes(32).toString('base64'));
  return unknownUser;
}
