/**
 * CHAP credentials the cache makes for a CACHE_TARGETS target configured without `auth`: one JSON
 * file per target in CACHE_DIR/credentials, named by the SHA-256 of the lower-cased IQN, mode 0600
 * in a 0700 directory. Made once, read back at every start, so initiators keep their secret across
 * restarts. Nothing here logs or throws a secret; callers log only the file's path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import type { ChapCredentials } from './iscsi/login';

/** CHAP user of a generated secret (the name the cloud host logs in with). */
export const GENERATED_CHAP_USER = 'ferry-cloud-host';

/**
 * Bounds of a CHAP secret given in CACHE_TARGETS, to serve-image or in a credentials file: RFC 7143
 * §12.1.3 asks for at least 96 bits (12 characters is the floor, as for volumes made by command);
 * 255 is what Linux initiators take. Windows and ESXi take at most 16, which generated secrets keep to.
 */
export const CHAP_SECRET_LENGTH = { min: 12, max: 255 } as const;

/** The credentials file of target `iqn` under `cacheDir`. */
export function credentialsFileOf(cacheDir: string, iqn: string): string {
  return join(cacheDir, 'credentials', `${createHash('sha256').update(iqn.toLowerCase()).digest('hex')}.json`);
}

/**
 * 12 random bytes as 16 characters of base64url: exactly 96 bits, the RFC minimum, in the 16
 * characters initiators take. The alphabet (A-Z a-z 0-9 - _) has no '%', '@' or ':', so the secret
 * goes into an iscsi://user%secret@ URL or `--chap user:secret` unescaped.
 */
export function generateChapSecret(random: (n: number) => Buffer = randomBytes): string {
  return random(12).toString('base64url');
}

/** What {@link loadOrCreateCredentials} found or made. */
export interface StoredCredentials {
  credentials: ChapCredentials;
  file: string;
  /** True when this call made the file (a new secret). */
  created: boolean;
  /** True when the file was readable by others and has been set back to 0600. */
  tightened: boolean;
}

interface CredentialsFile {
  iqn: string;
  user: string;
  secret: string;
  createdAt: string;
}

/** Reads the credentials of `iqn` from its file, making the file with a new secret when there is none. */
export async function loadOrCreateCredentials(cacheDir: string, iqn: string, now: () => Date = () => new Date()): Promise<StoredCredentials> {
  const file = credentialsFileOf(cacheDir, iqn);
  await mkdir(join(cacheDir, 'credentials'), { recursive: true, mode: 0o700 });
  const existing = await readCredentials(file, iqn);
  if (existing) return { ...existing, file, created: false };
  const content: CredentialsFile = { iqn, user: GENERATED_CHAP_USER, secret: generateChapSecret(), createdAt: now().toISOString() };
  // Written whole under a temporary name, then linked into place: a crash leaves no half file, and
  // when two starts race, link() fails for the second, which reads the first one's secret.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.chmod(0o600); // the umask may have taken bits off, never added any; make it exact
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readCredentials(file, iqn);
    if (raced) return { ...raced, file, created: false };
    throw error;
  } finally {
    await unlink(temporary);
  }
  return { credentials: { user: content.user, secret: content.secret }, file, created: true, tightened: false };
}

async function readCredentials(file: string, iqn: string): Promise<Omit<StoredCredentials, 'file' | 'created'> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const fix = `delete ${file} to have a new secret made at the next start (and give initiators the new one)`;
  let parsed: Partial<CredentialsFile>;
  try {
    parsed = JSON.parse(text) as Partial<CredentialsFile>;
  } catch {
    throw new ValidationError(file, `is not JSON; ${fix}`);
  }
  if (typeof parsed.iqn !== 'string' || parsed.iqn.toLowerCase() !== iqn.toLowerCase()) {
    throw new ValidationError(file, `holds the credentials of ${JSON.stringify(parsed.iqn)}, not of ${iqn}; ${fix}`);
  }
  if (typeof parsed.user !== 'string' || parsed.user === '') throw new ValidationError(`${file}: user`, `is missing; ${fix}`);
  const secret = parsed.secret;
  if (typeof secret !== 'string' || secret.length < CHAP_SECRET_LENGTH.min || secret.length > CHAP_SECRET_LENGTH.max) {
    const length = typeof secret === 'string' ? `${secret.length} characters` : 'missing';
    throw new ValidationError(`${file}: secret`, `is ${length}; a CHAP secret has ${CHAP_SECRET_LENGTH.min} to ${CHAP_SECRET_LENGTH.max}; ${fix}`);
  }
  const mode = (await stat(file)).mode & 0o777;
  const tightened = (mode & 0o077) !== 0;
  if (tightened) await chmod(file, 0o600);
  return { credentials: { user: parsed.user, secret }, tightened };
}
