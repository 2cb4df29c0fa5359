import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nkeys } from 'nats';
import { ValidationError } from '@ferry/errors';
import type { NatsIdentity } from './identities';
import { registerSecret } from '../../secrets/redaction';

/** The file name of an identity's nkey seed inside a credentials folder. */
export const seedFileName = (identity: NatsIdentity): string => `${identity}.nk`;

/**
 * Makes an nkey user for each identity, writes each seed to `<dir>/<identity>.nk` (0600, folder 0700)
 * and returns the public keys for the server config. An existing seed file is kept, so a regenerated
 * server config keeps every service's credential; delete a file to rotate that identity.
 */
export async function ensureNatsCredentials(dir: string, identities: readonly NatsIdentity[]): Promise<Map<NatsIdentity, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const publicKeys = new Map<NatsIdentity, string>();
  for (const identity of identities) {
    const file = join(dir, seedFileName(identity));
    let seed = await readFile(file, 'utf8').catch(() => undefined);
    if (seed === undefined) {
      seed = new TextDecoder().decode(nkeys.createUser().getSeed());
      await writeFile(file, `${seed}\n`, { mode: 0o600, flag: 'wx' });
    }
    await chmod(file, 0o600);
    publicKeys.set(identity, nkeys.fromSeed(new TextEncoder().encode(seed.trim())).getPublicKey());
  }
  return publicKeys;
}

/** Reads an nkey seed file; a file that holds no user seed is a ValidationError naming it and the fix. */
export async function readNkeySeed(file: string, variable: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (cause) {
    throw new ValidationError(variable, `cannot read the NATS credential ${file} (${(cause as Error).message}); point ${variable} at this service's nkey seed file (see docs/security.md)`, { cause });
  }
  const seed = new TextEncoder().encode(text);
  try {
    if (!text.startsWith('SU')) throw new Error('not a user seed');
    nkeys.fromSeed(seed);
  } catch {
    // The content is a secret: the message names the file only.
    throw new ValidationError(variable, `${file} does not hold an nkey user seed (a line starting "SU"); generate one with the site's NATS set-up (docs/security.md)`);
  }
  registerSecret(text);
  return seed;
}
