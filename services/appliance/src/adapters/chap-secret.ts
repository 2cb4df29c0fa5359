// The CHAP secret of a migration's cache volume: derived from a site key kept beside the site CA, so
// it is never stored in an event or a reply, and every retry (or the cloud host set-up) derives the
// same one. The key file is made once, 0600.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret } from '@ferry/service-kit';

const KEY_FILE = 'cache-chap.key';

/** The site's CHAP key from `caDir`, made (32 random bytes, 0600) when missing. */
export function siteChapKey(caDir: string): Buffer {
  const file = join(caDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(caDir, { recursive: true });
    // 'wx': a concurrent maker wins and this one reads its key.
    try {
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file);
  for (const form of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) registerSecret(form);
  return key;
}

/** 16 characters (the cache accepts 12–16) derived from the site key and the volume's IQN. */
export function chapSecretFor(key: Buffer, iqn: string): string {
  const secret = createHmac('sha256', key).update(`ferry-cache-chap:${iqn}`).digest('base64url').slice(0, 16);
  registerSecret(secret); // never printed by this process (see @ferry/service-kit redaction)
  return secret;
}
