import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { IntegrityError, ValidationError } from '@ferry/errors';
import { lengthPrefixed } from './aad';

const KEY_BYTES = 32;
const WRAP_NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random 256-bit data key; one per migration. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function requireKey(key: Buffer, field: string): void {
  if (key.length !== KEY_BYTES) throw new ValidationError(field, `must be ${KEY_BYTES} bytes, got ${key.length}; generate it with newDataKey() or 'openssl rand 32'`);
}

/** Wraps a migration's data key under the site key (AES-256-GCM, migration id as associated data): nonce ‖ ciphertext ‖ tag. */
export function wrapDataKey(siteKey: Buffer, dataKey: Buffer, migrationId: string): Buffer {
  requireKey(siteKey, 'siteKey');
  requireKey(dataKey, 'dataKey');
  const nonce = randomBytes(WRAP_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', siteKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(lengthPrefixed('ferry/v1/data-key', migrationId));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

/** Opens a wrapped data key; a wrong site key or another migration's key is an IntegrityError. */
export function unwrapDataKey(siteKey: Buffer, wrapped: Buffer, migrationId: string): Buffer {
  requireKey(siteKey, 'siteKey');
  if (wrapped.length !== WRAP_NONCE_BYTES + KEY_BYTES + TAG_BYTES) {
    throw new IntegrityError(`wrapped data key of migration ${migrationId} has ${wrapped.length} bytes, expected ${WRAP_NONCE_BYTES + KEY_BYTES + TAG_BYTES}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', siteKey, wrapped.subarray(0, WRAP_NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(lengthPrefixed('ferry/v1/data-key', migrationId));
  decipher.setAuthTag(wrapped.subarray(WRAP_NONCE_BYTES + KEY_BYTES));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(WRAP_NONCE_BYTES, WRAP_NONCE_BYTES + KEY_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new IntegrityError(
      `wrapped data key of migration ${migrationId} does not open with this site key; prem-manager and cloud-manager must share the same site key file`,
      { cause },
    );
  }
}

/** Session key = HKDF-SHA256(data key, salt, "ferry/v1" ‖ migration ‖ disk). A new salt per stream gives a new key per session. */
export function deriveSessionKey(dataKey: Buffer, salt: Buffer, migrationId: string, diskId: string): Buffer {
  requireKey(dataKey, 'dataKey');
  if (salt.length < 16) throw new ValidationError('salt', `must be at least 16 random bytes, got ${salt.length}`);
  return Buffer.from(hkdfSync('sha256', dataKey, salt, lengthPrefixed('ferry/v1', migrationId, diskId), KEY_BYTES));
}

/** 96-bit GCM nonce from a session counter: four zero bytes then the counter, big-endian. */
export function counterNonce(counter: number): Buffer {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new ValidationError('counter', `must be a non-negative safe integer, got ${counter}`);
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(counter), 4);
  return nonce;
}
