// Events of the site's principals (one aggregate, principals/site): local users and service-account
// API keys. Wire form in proto/ferry/security/v1/events.proto; never a password or a key, only hashes.
import type { Role } from './roles';

export interface SecurityEventMeta {
  /** Unix milliseconds, from the command. */
  readonly at: number;
  readonly causeCommandId: string;
}

export type PrincipalEvent =
  | { type: 'UserCreated'; data: { meta: SecurityEventMeta; user: string; role: Role; passwordHash: string } }
  | { type: 'RoleGranted'; data: { meta: SecurityEventMeta; user: string; role: Role } }
  | { type: 'PasswordSet'; data: { meta: SecurityEventMeta; user: string; passwordHash: string } }
  | { type: 'ApiKeyIssued'; data: { meta: SecurityEventMeta; name: string; role: Role; keySha256: string } }
  | { type: 'ApiKeyRevoked'; data: { meta: SecurityEventMeta; name: string; reason: string } };

/** The one aggregate holding every principal: decisions about them are checked against all of them (one admin first). */
export const PRINCIPALS_STREAM = { aggregate: 'principals', id: 'site' } as const;
