// Service-account API keys: 32 random bytes (256 bits), shown once as "fk_<base64url>"; the appliance
// keeps their SHA-256 only. A key that cannot be guessed needs no slow hash, and a call's key is then
// found by its digest at once.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'fk_';

/** A new key, as given to the integrator once. */
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The hex SHA-256 the appliance stores and looks a presented key up by. */
export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}
