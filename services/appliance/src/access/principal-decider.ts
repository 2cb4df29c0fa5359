// The site's principals as a decider: users (a name, a role, a password hash) and service-account API
// keys (a name, a role, the key's SHA-256). Hashes arrive on the commands: decide does no I/O.
import { IllegalStateError, NotFoundError } from '@ferry/errors';
import type { Decider } from '@ferry/event-store';
import type { PrincipalEvent, SecurityEventMeta } from './principal-events';
import type { Role } from './roles';

export interface UserRecord {
  readonly role: Role;
  readonly passwordHash: string;
  /** Unix ms of the last UserCreated or PasswordSet: tokens issued before it are refused. */
  readonly passwordSetAt: number;
  /** Where the role applies: '' the whole site, else "plan:<id>" or "folder:<path>" (scopes.ts). */
  readonly scope: string;
}

export interface ApiKeyRecord {
  readonly role: Role;
  readonly keySha256: string;
  readonly issuedAt: number;
  readonly revoked: boolean;
  /** As UserRecord.scope. */
  readonly scope: string;
}

export interface PrincipalsState {
  readonly users: Readonly<Record<string, UserRecord>>;
  readonly keys: Readonly<Record<string, ApiKeyRecord>>;
}

export const initialPrincipalsState: PrincipalsState = { users: {}, keys: {} };

/** When and why, from the command (no clock in decide). */
export interface CommandMeta {
  readonly at: number;
  readonly commandId: string;
}

export type PrincipalCommand =
  | { type: 'InitAdmin'; data: { meta: CommandMeta; user: string; passwordHash: string } }
  | { type: 'CreateUser'; data: { meta: CommandMeta; user: string; role: Role; passwordHash: string; scope: string } }
  | { type: 'GrantRole'; data: { meta: CommandMeta; user: string; role: Role } }
  | { type: 'SetPassword'; data: { meta: CommandMeta; user: string; passwordHash: string } }
  | { type: 'IssueApiKey'; data: { meta: CommandMeta; name: string; role: Role; keySha256: string; scope: string } }
  | { type: 'RevokeApiKey'; data: { meta: CommandMeta; name: string; reason: string } }
  | { type: 'RecordTokenKeyRotation'; data: { meta: CommandMeta; keyId: string; previousKeyId: string; previousAcceptedUntilMillis: number } };

/** The admins of the site, by name. */
export function adminsOf(state: PrincipalsState): string[] {
  return Object.entries(state.users).filter(([, u]) => u.role === 'admin').map(([name]) => name);
}

export function evolvePrincipals(state: PrincipalsState, event: PrincipalEvent): PrincipalsState {
  const at = event.data.meta.at;
  switch (event.type) {
    case 'UserCreated':
      return { ...state, users: { ...state.users, [event.data.user]: { role: event.data.role, passwordHash: event.data.passwordHash, passwordSetAt: at, scope: event.data.scope } } };
    case 'RoleGranted': {
      const user = state.users[event.data.user];
      return user ? { ...state, users: { ...state.users, [event.data.user]: { ...user, role: event.data.role } } } : state;
    }
    case 'PasswordSet': {
      const user = state.users[event.data.user];
      return user ? { ...state, users: { ...state.users, [event.data.user]: { ...user, passwordHash: event.data.passwordHash, passwordSetAt: at } } } : state;
    }
    case 'ApiKeyIssued':
      return { ...state, keys: { ...state.keys, [event.data.name]: { role: event.data.role, keySha256: event.data.keySha256, issuedAt: at, revoked: false, scope: event.data.scope } } };
    case 'ApiKeyRevoked': {
      const key = state.keys[event.data.name];
      return key ? { ...state, keys: { ...state.keys, [event.data.name]: { ...key, revoked: true } } } : state;
    }
    case 'TokenKeyRotated':
      return state; // the audit trail's record; the keys themselves live in the state dir (token-keys.ts)
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

const metaOf = (meta: CommandMeta): SecurityEventMeta => ({ at: meta.at, causeCommandId: meta.commandId });

function userOf(state: PrincipalsState, user: string): UserRecord {
  const record = state.users[user];
  if (!record) throw new NotFoundError(`no user "${user}"; list users with \`ferry users list\` or add one with \`ferry users add\``);
  return record;
}

function grantRole(command: Extract<PrincipalCommand, { type: 'GrantRole' }>, state: PrincipalsState): PrincipalEvent[] {
  const { user, role } = command.data;
  const record = userOf(state, user);
  if (record.role === role) return [];
  if (role === 'admin' && record.scope !== '') {
    throw new IllegalStateError(`"${user}" is scoped to ${record.scope}, and an admin manages the whole site; add an unscoped user for the admin role (\`ferry users add <name> --role admin\`)`);
  }
  if (record.role === 'admin' && adminsOf(state).length === 1) {
    throw new IllegalStateError(`"${user}" is the site's only admin; grant admin to another user first, so someone can still manage users`);
  }
  return [{ type: 'RoleGranted', data: { meta: metaOf(command.data.meta), user, role } }];
}

export function decidePrincipals(command: PrincipalCommand, state: PrincipalsState): PrincipalEvent[] {
  switch (command.type) {
    case 'InitAdmin': {
      const admins = adminsOf(state);
      if (admins.length > 0) throw new IllegalStateError(`the site already has an admin (${admins.join(', ')}); log in as one (\`ferry login\`) and add users with \`ferry users add\``);
      if (state.users[command.data.user]) throw new IllegalStateError(`a user "${command.data.user}" exists; choose another name for the first admin`);
      return [{ type: 'UserCreated', data: { meta: metaOf(command.data.meta), user: command.data.user, role: 'admin', passwordHash: command.data.passwordHash, scope: '' } }];
    }
    case 'CreateUser': {
      const { user, role, passwordHash, scope } = command.data;
      if (state.users[user]) throw new IllegalStateError(`user "${user}" exists; change a role with \`ferry users grant\` or a password with \`ferry users passwd\``);
      return [{ type: 'UserCreated', data: { meta: metaOf(command.data.meta), user, role, passwordHash, scope } }];
    }
    case 'GrantRole':
      return grantRole(command, state);
    case 'SetPassword':
      userOf(state, command.data.user);
      return [{ type: 'PasswordSet', data: { meta: metaOf(command.data.meta), user: command.data.user, passwordHash: command.data.passwordHash } }];
    case 'IssueApiKey': {
      const { name, role, keySha256, scope } = command.data;
      if (state.keys[name] && !state.keys[name].revoked) throw new IllegalStateError(`API key "${name}" exists; revoke it first (\`ferry keys revoke ${name}\`) or use another name`);
      return [{ type: 'ApiKeyIssued', data: { meta: metaOf(command.data.meta), name, role, keySha256, scope } }];
    }
    case 'RevokeApiKey': {
      const key = state.keys[command.data.name];
      if (!key) throw new NotFoundError(`no API key "${command.data.name}"; list keys with \`ferry users list\``);
      if (key.revoked) return [];
      return [{ type: 'ApiKeyRevoked', data: { meta: metaOf(command.data.meta), name: command.data.name, reason: command.data.reason } }];
    }
    case 'RecordTokenKeyRotation': {
      const { meta, ...rotation } = command.data;
      return [{ type: 'TokenKeyRotated', data: { meta: metaOf(meta), ...rotation } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const principalsDecider: Decider<PrincipalCommand, PrincipalEvent, PrincipalsState> = {
  decide: decidePrincipals,
  evolve: evolvePrincipals,
  initialState: initialPrincipalsState,
};
