import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IllegalStateError } from '@ferry/errors';
import { ensureSiteCa, withDirLock } from '@ferry/block-pipeline';
import { readCheckpoint } from './checkpoint';
import { EventSigner } from './event-signer';
import { EVENT_SIGNER_UNIT } from './signer-trust';
import { siteAuditSignatures } from './site-trust';
import type { EventStoreOptions } from '../jetstream-event-store';

const run = promisify(execFile);

export const EVENT_SIGNING_KEY_FILE = 'event-signing.key';
export const EVENT_SIGNING_CERT_FILE = 'event-signing.crt';
/** The signed checkpoint of the last sequence the service stored, next to its key. */
export const AUDIT_CHECKPOINT_FILE = 'audit-checkpoint.json';

/** A service's event-signing key (Ed25519, PKCS#8 PEM) and the site CA's certificate for it. */
export interface EventSigningMaterial {
  readonly privateKeyPem: Buffer;
  readonly certificatePem: Buffer;
  readonly keyFile: string;
  readonly certificateFile: string;
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/**
 * Returns the service's event-signing key from `keyDir` (its state dir), making an Ed25519 key (0600)
 * and having the site CA in `caDir` certify it (OU=ferry-event-signer, CN=`name`) on first start.
 * Rotation: move both files away and start again; the old certificate stays in the stream, so the
 * old key's signatures stay valid while the CA that issued it is trusted (docs/security.md).
 */
export async function ensureEventSigningKey(caDir: string, keyDir: string, name: string): Promise<EventSigningMaterial> {
  await ensureSiteCa(caDir);
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const keyFile = join(keyDir, EVENT_SIGNING_KEY_FILE);
  const certificateFile = join(keyDir, EVENT_SIGNING_CERT_FILE);
  if (!(await exists(certificateFile))) {
    if (!(await exists(keyFile))) {
      const { privateKey } = generateKeyPairSync('ed25519');
      await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    await withDirLock(caDir, () => certify(caDir, keyFile, certificateFile, name));
  }
  await chmod(keyFile, 0o600);
  const [privateKeyPem, certificatePem] = await Promise.all([readFile(keyFile), readFile(certificateFile)]);
  return { privateKeyPem, certificatePem, keyFile, certificateFile };
}

async function certify(caDir: string, keyFile: string, certificateFile: string, name: string): Promise<void> {
  const csr = `${certificateFile}.csr.tmp`;
  const ext = `${certificateFile}.ext.tmp`;
  const temp = `${certificateFile}.tmp`;
  try {
    await run('openssl', ['req', '-new', '-key', keyFile, '-subj', `/O=Ferry/OU=${EVENT_SIGNER_UNIT}/CN=${name}`, '-out', csr]);
    await writeFile(ext, 'keyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n');
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', join(caDir, 'ca.crt'), '-CAkey', join(caDir, 'ca.key'), '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', temp]);
    await rename(temp, certificateFile);
  } catch (cause) {
    throw new IllegalStateError(`cannot have the site CA in ${caDir} certify the event-signing key ${keyFile} (${(cause as Error).message}); check that openssl is installed and the CA folder is readable`, { cause });
  } finally {
    await rm(csr, { force: true });
    await rm(ext, { force: true });
  }
}

/**
 * The signer a service appends with: its key from `stateDir` (made and certified on first start) and
 * its signed checkpoint there, continued from the last one this key wrote.
 */
export async function openEventSigner(options: { caDir: string; stateDir: string; name: string }): Promise<EventSigner> {
  const material = await ensureEventSigningKey(options.caDir, options.stateDir, options.name);
  const checkpointFile = join(options.stateDir, AUDIT_CHECKPOINT_FILE);
  const signer = new EventSigner(material, checkpointFile);
  const previous = await readCheckpoint(checkpointFile);
  if (previous) signer.resumeFrom(previous.lastSequence);
  return signer;
}

/**
 * Store options for a service that appends: its signer, and the verification its own audit checks
 * use (the site CA's trust and its checkpoint).
 */
export async function signedStoreOptions(options: { caDir: string; stateDir: string; name: string }): Promise<Pick<EventStoreOptions, 'signer' | 'verification'>> {
  const signer = await openEventSigner(options);
  return { signer, verification: () => siteAuditSignatures(options.caDir, [join(options.stateDir, AUDIT_CHECKPOINT_FILE)]) };
}
