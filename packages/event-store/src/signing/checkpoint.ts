import { sign, verify, type KeyObject } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SignerTrust } from './signer-trust';

/**
 * The last stream sequence a signer stored, signed by it and kept outside the stream (in the
 * appliance's state dir): a stream that ends before it lost its tail.
 */
export interface SignedCheckpoint {
  readonly format: 1;
  readonly stream: string;
  readonly lastSequence: number;
  /** The signature of the batch stored at lastSequence: a different batch there means the tail was rewritten. */
  readonly batchSignature: string;
  readonly keyId: string;
  /** The signer's certificate, base64 DER, so the checkpoint can be checked on its own. */
  readonly certificate: string;
  readonly writtenAt: string;
  readonly signature: string;
}

const DOMAIN = 'ferry.checkpoint.v1';
const signedText = (c: Omit<SignedCheckpoint, 'signature' | 'certificate' | 'format'>): Buffer =>
  Buffer.from(`${DOMAIN}\n${c.stream}\n${c.lastSequence}\n${c.batchSignature}\n${c.keyId}\n${c.writtenAt}`);

export function signCheckpoint(privateKey: KeyObject, fields: Omit<SignedCheckpoint, 'signature' | 'format'>): SignedCheckpoint {
  return { format: 1, ...fields, signature: sign(null, signedText(fields), privateKey).toString('base64') };
}

/** Writes the checkpoint atomically (a temp file renamed over the old one), 0600. */
export async function writeCheckpoint(file: string, checkpoint: SignedCheckpoint): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Reads a checkpoint file; undefined when there is none yet (a signer that never stored anything). */
export async function readCheckpoint(file: string): Promise<SignedCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as SignedCheckpoint;
  if (parsed.format !== 1 || typeof parsed.lastSequence !== 'number' || typeof parsed.batchSignature !== 'string') throw new Error(`${file} is not a Ferry signed checkpoint (format 1)`);
  return parsed;
}

/** Whether a checkpoint is signed by a trusted key; the reason when it is not. */
export function checkpointTrust(checkpoint: SignedCheckpoint, trust: SignerTrust): { trusted: true; name: string } | { trusted: false; why: string } {
  const admission = trust.admit(Buffer.from(checkpoint.certificate, 'base64'));
  if (!admission.trusted) return { trusted: false, why: admission.why };
  if (admission.signer.keyId !== checkpoint.keyId) return { trusted: false, why: `it names key ${checkpoint.keyId} but carries the certificate of ${admission.signer.keyId}` };
  const valid = verify(null, signedText(checkpoint), admission.signer.publicKey, Buffer.from(checkpoint.signature, 'base64'));
  return valid ? { trusted: true, name: admission.signer.name } : { trusted: false, why: 'its signature does not match its content' };
}
