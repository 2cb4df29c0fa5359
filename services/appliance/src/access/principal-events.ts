// Events of the site's principals (one aggregate, principals/site): local users and service-account
// API keys (each with a scope: '' for the whole site, else access/scopes.ts's text), and rotations of the
// login-token key. Wire form in proto/ferry/security/v1/events.proto; never a password or a key, only
// hashes and key ids.
import type { Role } from './roles';

export interface SecurityEventMeta {
  /** Unix milliseconds, from the command. */
  readonly at: number;
  readonly causeCommandId: string;
}

export type PrincipalEvent =
  | { type: 'UserCreated'; data: { meta: SecurityEventMeta; user: string; role: Role; passwordHash: string; scope: string } }
  | { type: 'RoleGranted'; data: { meta: SecurityEventMeta; user: string; role: Role } }
  | { type: 'PasswordSet'; data: { meta: SecurityEventMeta; user: string; passwordHash: string } }
  | { type: 'ApiKeyIssued'; data: { meta: SecurityEventMeta; name: string; role: Role; keySha256: string; scope: string } }
  | { type: 'ApiKeyRevoked'; data: { meta: SecurityEventMeta; name: string; reason: string } }
  | { type: 'TokenKeyRotated'; data: { meta: SecurityEventMeta; keyId: string; previousKeyId: string; previousAcceptedUntilMillis: number } };

/** The one aggregate holding every principal: decisions about them are checked against all of them (one admin first). */
export const PRINCIPALS_STREAM = { aggregate: 'principals', id: 'site' } as const;
