import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/** Headers of a signed batch: the signer's key id and the Ed25519 signature (base64). */
export const SIGNER_HEADER = 'Ferry-Signer';
export const SIGNATURE_HEADER = 'Ferry-Signature';
/**
 * The signer's certificate (base64 DER), on the first batch each signer stores after it starts, so a
 * verifier walking the stream learns every key from the stream itself and checks it against the site CA.
 */
export const SIGNER_CERTIFICATE_HEADER = 'Ferry-Signer-Certificate';

/** Versioned, so a signature made for a batch can never be taken for one over other data (a checkpoint). */
const DOMAIN = 'ferry.batch-signature.v1';

/** A key's id: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** What is signed: the subject (so a batch cannot be replayed onto another aggregate) and the batch's bytes. */
function signedBytes(subject: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${DOMAIN}\0${subject}\0`), data]);
}

export function signBatch(privateKey: KeyObject, subject: string, data: Uint8Array): string {
  return sign(null, signedBytes(subject, data), privateKey).toString('base64');
}

export function batchSignatureValid(publicKey: KeyObject, subject: string, data: Uint8Array, signature: string): boolean {
  try {
    return verify(null, signedBytes(subject, data), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
