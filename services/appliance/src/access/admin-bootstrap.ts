// The site's first admin, never with a default password: either from a secret file the operator puts
// next to the appliance (ADMIN_BOOTSTRAP_FILE, read at start while no admin exists), or by
// `ferry admin init` with the one-time code the appliance writes into STATE_DIR (0600) meanwhile, which
// proves the caller can read the appliance's own files.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IllegalStateError, UnauthenticatedError } from '@ferry/errors';
import { checkPasswordStrength, hashPassword } from './passwords';
import { adminsOf } from './principal-decider';
import type { PrincipalDirectory } from './principal-directory';

/** The init code's file under STATE_DIR. */
export const INIT_CODE_FILE = 'admin-init-code';

export interface BootstrapOptions {
  readonly stateDir: string;
  /** ADMIN_BOOTSTRAP_FILE: the first admin's password; empty = none. */
  readonly bootstrapFile: string;
  /** ADMIN_BOOTSTRAP_USER: the first admin's name. */
  readonly bootstrapUser: string;
  readonly clock: () => number;
  readonly log: (line: string) => void;
  readonly warn: (line: string) => void;
}

/** Makes the first admin from the bootstrap file, or leaves an init code for `ferry admin init`; nothing once an admin exists. */
export async function bootstrapAdmin(directory: PrincipalDirectory, o: BootstrapOptions): Promise<void> {
  const codeFile = join(o.stateDir, INIT_CODE_FILE);
  const admins = adminsOf(directory.current);
  if (admins.length > 0) {
    await rm(codeFile, { force: true });
    if (o.bootstrapFile) o.log(`the site has an admin (${admins.join(', ')}): ADMIN_BOOTSTRAP_FILE ${o.bootstrapFile} is not read; delete it`);
    return;
  }
  if (o.bootstrapFile) {
    const password = (await readFile(o.bootstrapFile, 'utf8').catch((cause: unknown) => {
      throw new IllegalStateError(`ADMIN_BOOTSTRAP_FILE=${o.bootstrapFile} cannot be read (${String(cause)}); put the first admin's password in it, or unset it and use \`ferry admin init\``);
    })).replace(/\r?\n$/, '');
    checkPasswordStrength('ADMIN_BOOTSTRAP_FILE', password);
    const commandId = randomUUID();
    await directory.decide(
      { type: 'InitAdmin', data: { meta: { at: o.clock(), commandId }, user: o.bootstrapUser, passwordHash: await hashPassword(password) } },
      { commandId, actor: 'service:appliance', traceId: randomBytes(16).toString('hex'), occurredAt: new Date(o.clock()) },
    );
    o.log(`first admin "${o.bootstrapUser}" created from ADMIN_BOOTSTRAP_FILE; delete ${o.bootstrapFile} and log in with \`ferry login --user ${o.bootstrapUser}\``);
    return;
  }
  try {
    await writeFile(codeFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  o.warn(`the site has no admin yet: on this host run \`ferry admin init --user <name> --code-file ${codeFile}\` (or restart with ADMIN_BOOTSTRAP_FILE)`);
}

/** Checks `given` against the init code file, timing-safe; UNAUTHENTICATED when it differs or there is none. */
export async function checkInitCode(stateDir: string, given: string): Promise<void> {
  const file = join(stateDir, INIT_CODE_FILE);
  const expected = await readFile(file, 'utf8').then((s) => s.trim(), () => undefined);
  if (expected === undefined) throw new IllegalStateError(`the appliance has no init code (${file}): the site already has an admin, who adds users with \`ferry users add\``);
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new UnauthenticatedError(`init_code is not the code in ${file} on the appliance; copy it from there (\`ferry admin init --code-file\`)`);
}

/** Removes the init code once it has been used. */
export async function dropInitCode(stateDir: string): Promise<void> {
  await rm(join(stateDir, INIT_CODE_FILE), { force: true });
}

