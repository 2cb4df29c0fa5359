// The access RPCs' request messages (ferry.api.v1 access.proto). Passwords, init codes and keys are
// never quoted back in a refusal: only their length is said.
import { z } from 'zod';
import { MAX_PASSWORD, MIN_PASSWORD } from '../../access/passwords';
import { ROLES } from '../../access/roles';
import { scopeOf } from '../../access/scopes';
import { integerIn } from './numbers';
import { plainText, shown } from './text';

/** User and key names become actors ("operator:<name>") and appear in every event they cause. */
const NAME = /^[a-z][a-z0-9._-]{0,63}$/;

function nameOf(what: string) {
  return z.string().nullish().superRefine((given, ctx) => {
    const value = given ?? '';
    if (!NAME.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value)} is not a ${what}; use 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter (e.g. "alice")` });
  });
}

const user = nameOf('user name');
const keyName = nameOf('key name');

const role = z.string().nullish().superRefine((given, ctx) => {
  const value = given ?? '';
  if (!(ROLES as readonly string[]).includes(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value)} is not a role; use one of ${ROLES.join(', ')}` });
});

/** A password as a login sends it: any length up to MAX_PASSWORD (a wrong one is UNAUTHENTICATED). */
const givenPassword = z.string().nullish().superRefine((given, ctx) => {
  const length = [...(given ?? '')].length;
  if (length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is empty; send the password' });
  if (length > MAX_PASSWORD) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is ${length} characters long, more than ${MAX_PASSWORD}` });
});

/** A password being set: at least MIN_PASSWORD characters. */
const newPassword = z.string().nullish().superRefine((given, ctx) => {
  const length = [...(given ?? '')].length;
  if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is ${length} characters long; use ${MIN_PASSWORD} to ${MAX_PASSWORD} (a passphrase of a few words)` });
  }
});

const initCode = z.string().nullish().superRefine((given, ctx) => {
  if (!/^[0-9a-f]{64}$/.test(given ?? '')) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not the 64 hex digits of the appliance\'s admin-init-code file; copy it from the appliance\'s STATE_DIR' });
});

/** "" (the whole site), "plan:<id>" or "folder:<path>" (access/scopes.ts). */
const scope = z.string().nullish().superRefine((given, ctx) => {
  try {
    scopeOf('scope', given ?? '');
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message.replace(/^scope: /, '') });
  }
});

/** An admin manages the whole site: a scope is for viewers and operators. */
function scopedOnlyBelowAdmin(request: { role?: string | null; scope?: string | null }, ctx: z.RefinementCtx): void {
  if (request.role === 'admin' && (request.scope ?? '') !== '') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['scope'], message: `${shown(request.scope ?? '')} given with the role admin; an admin manages the whole site, so leave the scope empty or choose viewer or operator` });
  }
}

export const loginRequest = z.object({ user, password: givenPassword });
export const whoAmIRequest = z.object({});
export const initAdminRequest = z.object({ user, password: newPassword, initCode });
export const createUserRequest = z.object({ user, password: newPassword, role, scope }).superRefine(scopedOnlyBelowAdmin);
export const grantRoleRequest = z.object({ user, role });
export const setPasswordRequest = z.object({ user, password: newPassword });
export const listUsersRequest = z.object({});
export const createApiKeyRequest = z.object({ name: keyName, role, scope }).superRefine(scopedOnlyBelowAdmin);
export const rotateTokenKeyRequest = z.object({});
export const revokeApiKeyRequest = z.object({ name: keyName, reason: plainText(500, 'say in one line why, or leave it empty') });
export const listSecurityEventsRequest = z.object({
  days: integerIn(0n, 31n, 'use 1 (today, the default) to 31'),
  limit: integerIn(0n, 1000n, 'use 0 for 100 events or up to 1000'),
});
