import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditSignatureOptions } from '../audit-tail';
import { readCheckpoint } from './checkpoint';
import { SignerTrust } from './signer-trust';

/** Certificates of earlier site CAs whose signers stay trusted after a CA rotation (docs/security.md). */
export const PREVIOUS_CAS_DIR = 'previous-cas';
/** Key ids (one a line, # comments) whose signatures no longer count, e.g. a leaked key. */
export const DISTRUSTED_SIGNERS_FILE = 'distrusted-signers';

/** Key ids listed in a distrust file; none when the file does not exist. */
export async function readDistrustedSigners(file: string): Promise<Set<string>> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return new Set(text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line.length > 0));
}

/**
 * The site's signer trust from its CA folder: ca.crt, every certificate in previous-cas/, minus the
 * key ids in distrusted-signers.
 */
export async function siteSignerTrust(caDir: string): Promise<SignerTrust> {
  const previousDir = join(caDir, PREVIOUS_CAS_DIR);
  const previous = await readdir(previousDir).catch(() => [] as string[]);
  const anchors = await Promise.all([join(caDir, 'ca.crt'), ...previous.filter((f) => f.endsWith('.crt')).map((f) => join(previousDir, f))].map((f) => readFile(f)));
  return new SignerTrust(anchors, await readDistrustedSigners(join(caDir, DISTRUSTED_SIGNERS_FILE)));
}

/** What verifyAudit needs to check signatures and the tail, read fresh at each call: the site's trust and these checkpoint files. */
export async function siteAuditSignatures(caDir: string, checkpointFiles: readonly string[]): Promise<AuditSignatureOptions> {
  const checkpoints = (await Promise.all(checkpointFiles.map((file) => readCheckpoint(file)))).filter((c) => c !== undefined);
  return { trust: await siteSignerTrust(caDir), checkpoints };
}
