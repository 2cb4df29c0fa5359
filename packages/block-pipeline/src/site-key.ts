import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '@ferry/errors';
import { withDirLock } from './pki/site-ca';

/**
 * The site key that wraps every migration's data key, kept beside the site CA (`site.key`, 0600).
 * Created on first start under the CA directory's lock; both managers of a site read the same file.
 */
export async function ensureSiteKey(dir: string): Promise<Buffer> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'site.key');
  const key = await withDirLock(dir, async () => {
    const existing = await readFile(path).catch(() => undefined);
    if (existing !== undefined) return existing;
    const tmp = `${path}.tmp`;
    await writeFile(tmp, randomBytes(32), { mode: 0o600 });
    await rename(tmp, path);
    return readFile(path);
  });
  if (key.length !== 32) throw new IntegrityError(`site key ${path} has ${key.length} bytes, expected 32; restore it from backup`);
  return key;
}
