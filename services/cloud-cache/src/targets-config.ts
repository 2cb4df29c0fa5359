/**
 * Parses and checks the CACHE_TARGETS JSON of the service config: names, LUNs, `auth` and the
 * initiator allow list. A secret is never echoed in an error, only its length.
 */
import { ValidationError } from '@ferry/errors';
import type { TargetConfig } from './cache-target';
import type { ChapCredentials, TargetAuth } from './iscsi/login';
import { CHAP_SECRET_LENGTH } from './target-credentials';
import { iscsiNameProblem } from './volumes/iscsi-name';

const EXAMPLE = '[{"name":"iqn.2024-01.io.ferry:vm","initiators":["iqn.1998-01.com.vmware:esx-1"],"luns":[{"lun":0,"source":"/disks/vm.vmdk"}]}]';
const CONTROL = /[\u0000-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function parseTargets(json: string): TargetConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ValidationError('CACHE_TARGETS', `is not JSON (${(error as Error).message}); give a list like ${EXAMPLE}`);
  }
  if (!Array.isArray(raw)) throw new ValidationError('CACHE_TARGETS', 'must be a JSON list of targets');
  const seen = new Set<string>();
  return raw.map((t: unknown, i) => {
    const at = `CACHE_TARGETS[${i}]`;
    const target = (t ?? {}) as Partial<Record<keyof TargetConfig, unknown>>;
    if (typeof target.name !== 'string') throw new ValidationError(`${at}.name`, 'is missing; give the target IQN');
    if (seen.has(target.name.toLowerCase())) throw new ValidationError(`${at}.name`, `${target.name} is already an earlier target's name; give each target its own IQN`);
    seen.add(target.name.toLowerCase());
    const luns = target.luns as TargetConfig['luns'] | undefined;
    if (!Array.isArray(luns) || luns.some((l) => typeof l?.source !== 'string' || !Number.isInteger(l?.lun))) {
      throw new ValidationError(`${at}.luns`, 'must be a list of {"lun": <integer>, "source": "<disk image path>"}');
    }
    const auth = target.auth === undefined ? undefined : parseAuth(`${at}.auth`, target.auth);
    const initiators = target.initiators === undefined ? undefined : parseInitiators(`${at}.initiators`, target.initiators);
    return { name: target.name, ...(auth ? { auth } : {}), ...(initiators ? { initiators } : {}), luns };
  });
}

/**
 * `{"kind":"none"}` or `{"kind":"chap","user","secret","mutual"?:{"user","secret"}}`. Leave `auth`
 * out to have the cache make a secret (see target-credentials.ts); `none` needs ISCSI_ALLOW_NO_AUTH.
 */
export function parseAuth(field: string, raw: unknown): TargetAuth {
  const auth = (raw ?? {}) as { kind?: unknown; user?: unknown; secret?: unknown; mutual?: unknown };
  if (auth.kind === 'none') return { kind: 'none' };
  if (auth.kind !== 'chap') {
    throw new ValidationError(`${field}.kind`, `is ${JSON.stringify(auth.kind)}; give "chap" with user and secret, leave auth out to have a secret made, or "none" (with ISCSI_ALLOW_NO_AUTH=true)`);
  }
  return { kind: 'chap', ...checkChap(field, auth) };
}

/** Checks CHAP credentials (user, secret, optional mutual pair) as CACHE_TARGETS and serve-image take them. */
export function checkChap(field: string, chap: { user?: unknown; secret?: unknown; mutual?: unknown }): ChapCredentials {
  const user = checkUser(`${field}.user`, chap.user);
  const secret = checkSecret(`${field}.secret`, chap.secret);
  if (chap.mutual === undefined) return { user, secret };
  const mutual = (chap.mutual ?? {}) as { user?: unknown; secret?: unknown };
  const theirs = { user: checkUser(`${field}.mutual.user`, mutual.user), secret: checkSecret(`${field}.mutual.secret`, mutual.secret) };
  if (theirs.secret === secret) {
    throw new ValidationError(`${field}.mutual.secret`, `is the same as ${field}.secret; RFC 7143 §12.1.3 forbids one secret for both directions, so choose another`);
  }
  return { user, secret, mutual: theirs };
}

/** A list of initiator names, stored in lower case (iSCSI names compare so, RFC 3722). */
export function parseInitiators(field: string, raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.some((n) => typeof n !== 'string')) {
    throw new ValidationError(field, 'must be a list of initiator names, e.g. ["iqn.1998-01.com.vmware:esx-1"]; leave it out to admit any initiator that authenticates');
  }
  return (raw as string[]).map((name, i) => {
    const problem = iscsiNameProblem(name.toLowerCase());
    if (problem) throw new ValidationError(`${field}[${i}]`, `${JSON.stringify(name.slice(0, 100))} ${problem}`);
    return name.toLowerCase();
  });
}

function checkUser(field: string, user: unknown): string {
  if (typeof user !== 'string' || user === '' || user.length > 255 || CONTROL.test(user)) {
    throw new ValidationError(field, `${JSON.stringify(user)} is not a CHAP name; give 1-255 characters without control characters`);
  }
  return user;
}

/** Never puts the secret in the message: only its length. */
function checkSecret(field: string, secret: unknown): string {
  const { min, max } = CHAP_SECRET_LENGTH;
  if (typeof secret !== 'string') throw new ValidationError(field, `is missing; give a CHAP secret of ${min} to ${max} printable ASCII characters`);
  if (secret.length < min || secret.length > max) {
    throw new ValidationError(field, `is ${secret.length} characters; a CHAP secret must be ${min} to ${max} (RFC 7143 §12.1.3 asks for at least 96 bits; Windows and ESXi initiators accept at most 16)`);
  }
  if (!PRINTABLE_ASCII.test(secret)) {
    throw new ValidationError(field, 'has characters outside printable ASCII; initiators differ in how they encode others, so use printable ASCII only');
  }
  return secret;
}
