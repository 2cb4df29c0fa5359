// The roles of the integrator API, lowest first: each role may do what the ones below it may.
import { ValidationError } from '@ferry/errors';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
/** viewer: reads; operator: runs migrations; admin: users, keys, audit. */
export type Role = (typeof ROLES)[number];

/** True when `held` includes what `needed` allows. */
export function allows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** `value` as a role, or a ValidationError naming `field` and the roles there are. */
export function roleOf(field: string, value: string): Role {
  if (isRole(value)) return value;
  throw new ValidationError(field, `"${value}" is not a role; use one of ${ROLES.join(', ')}`);
}
