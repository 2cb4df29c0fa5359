// The access RPCs of ferry.api.v1.Ferry (access.proto): Login, WhoAmI, InitAdmin, users, API keys and
// the security stream. Who may call each is auth/rpc-roles.ts's business, checked before these run.
import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '@ferry/errors';
import type { EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { AccessControl, apiKeyDigest, checkInitCode, dropInitCode, hashPassword, newApiKey, refusalCodec, refusalsStreamOf, roleOf, scopeOf, scopeText, unknownUserHash, verifyPassword, type PrincipalsState } from '../access';
import type { Caller } from './caller';

import api = ferry.api.v1;

const DAY_MS = 86_400_000;
const ts = (unixMillis: number) => ({ unixMillis });

function userView(name: string, state: PrincipalsState): api.IUser {
  const user = state.users[name];
  return { name, role: user?.role ?? '', actor: `operator:${name}`, passwordSetAt: ts(user?.passwordSetAt ?? 0), scope: user?.scope ?? '' };
}

function keyView(name: string, state: PrincipalsState): api.IApiKey {
  const key = state.keys[name];
  return { name, role: key?.role ?? '', actor: `integrator:${name}`, issuedAt: ts(key?.issuedAt ?? 0), revoked: key?.revoked ?? false, scope: key?.scope ?? '' };
}

export class AccessApi {
  constructor(
    private readonly access: AccessControl,
    private readonly store: EventStore,
    private readonly stateDir: string,
  ) {}

  private get directory() {
    return this.access.directory;
  }

  private context(caller: Caller, actor = caller.actor) {
    const commandId = randomUUID();
    const at = this.access.clock();
    return { meta: { at, commandId }, context: { commandId, actor, traceId: caller.traceId, occurredAt: new Date(at) } };
  }

  async login(r: api.LoginRequest): Promise<api.ILoginResponse> {
    const user = this.directory.current.users[r.user];
    // An unknown user costs one scrypt too, so the answer's timing does not tell which users exist.
    const ok = await verifyPassword(r.password, user?.passwordHash ?? (await unknownUserHash()));
    if (!user || !ok) throw new UnauthenticatedError(`wrong user name or password for "${r.user}"; try again, or ask an admin to set a new password (\`ferry users passwd\`)`);
    const { token, expiresAt } = await this.access.tokens.issue(r.user, this.access.clock());
    return { token, expiresAt: ts(expiresAt), actor: `operator:${r.user}`, role: user.role };
  }

  whoAmI(caller: Caller): api.IWhoAmIResponse {
    return { actor: caller.actor, role: caller.role ?? '', expiresAt: caller.expiresAt === undefined ? null : ts(caller.expiresAt), scope: caller.scope ? scopeText(caller.scope) : '' };
  }

  async initAdmin(r: api.InitAdminRequest, caller: Caller): Promise<api.IUser> {
    await checkInitCode(this.stateDir, r.initCode);
    const { meta, context } = this.context(caller, `operator:${r.user}`);
    await this.directory.decide({ type: 'InitAdmin', data: { meta, user: r.user, passwordHash: await hashPassword(r.password) } }, context);
    await dropInitCode(this.stateDir);
    return userView(r.user, this.directory.current);
  }

  async createUser(r: api.CreateUserRequest, caller: Caller): Promise<api.IUser> {
    const { meta, context } = this.context(caller);
    const scope = scopeText(scopeOf('scope', r.scope));
    await this.directory.decide({ type: 'CreateUser', data: { meta, user: r.user, role: roleOf('role', r.role), passwordHash: await hashPassword(r.password), scope } }, context);
    return userView(r.user, this.directory.current);
  }

  async grantRole(r: api.GrantRoleRequest, caller: Caller): Promise<api.IUser> {
    const { meta, context } = this.context(caller);
    await this.directory.decide({ type: 'GrantRole', data: { meta, user: r.user, role: roleOf('role', r.role) } }, context);
    return userView(r.user, this.directory.current);
  }

  async setPassword(r: api.SetPasswordRequest, caller: Caller): Promise<api.IUser> {
    const { meta, context } = this.context(caller);
    await this.directory.decide({ type: 'SetPassword', data: { meta, user: r.user, passwordHash: await hashPassword(r.password) } }, context);
    return userView(r.user, this.directory.current);
  }

  listUsers(): api.IListUsersResponse {
    const state = this.directory.current;
    return { users: Object.keys(state.users).sort().map((n) => userView(n, state)), apiKeys: Object.keys(state.keys).sort().map((n) => keyView(n, state)) };
  }

  async createApiKey(r: api.CreateApiKeyRequest, caller: Caller): Promise<api.ICreateApiKeyResponse> {
    const key = newApiKey();
    const { meta, context } = this.context(caller);
    const scope = scopeText(scopeOf('scope', r.scope));
    await this.directory.decide({ type: 'IssueApiKey', data: { meta, name: r.name, role: roleOf('role', r.role), keySha256: apiKeyDigest(key), scope } }, context);
    return { apiKey: keyView(r.name, this.directory.current), key };
  }

  async revokeApiKey(r: api.RevokeApiKeyRequest, caller: Caller): Promise<api.IApiKey> {
    const { meta, context } = this.context(caller);
    await this.directory.decide({ type: 'RevokeApiKey', data: { meta, name: r.name, reason: r.reason } }, context);
    return keyView(r.name, this.directory.current);
  }

  /** A new login-token key; the previous one's tokens keep working until they expire. Recorded in the principals' stream. */
  async rotateTokenKey(caller: Caller): Promise<api.IRotateTokenKeyResponse> {
    const { meta, context } = this.context(caller);
    // The key changes first, the record follows: should the store be out, the call answers UNAVAILABLE
    // with the rotation done (the files are the truth), rather than a record of a rotation that failed.
    const rotation = await this.access.tokens.rotateKey(meta.at);
    await this.directory.decide({ type: 'RecordTokenKeyRotation', data: { meta, keyId: rotation.keyId, previousKeyId: rotation.previousKeyId, previousAcceptedUntilMillis: rotation.previousAcceptedUntil } }, context);
    return { keyId: rotation.keyId, previousKeyId: rotation.previousKeyId, previousAcceptedUntil: ts(rotation.previousAcceptedUntil) };
  }

  /** The refusals of today and the `days - 1` days before, newest first. */
  async listSecurityEvents(r: api.ListSecurityEventsRequest): Promise<api.IListSecurityEventsResponse> {
    const days = r.days || 1;
    const limit = r.limit || 100;
    const now = this.access.clock();
    const events: api.ISecurityEvent[] = [];
    for (let d = 0; d < days && events.length < limit; d++) {
      const loaded = await this.store.load(refusalsStreamOf(now - d * DAY_MS));
      for (const recorded of [...loaded.events].reverse()) {
        const { data } = refusalCodec.decode(recorded.type, recorded.payload);
        events.push({ at: ts(data.meta.at), lastAt: ts(data.lastAtMillis), rpc: data.rpc, code: data.code, principal: data.principal, peer: data.peer, reason: data.reason, repeats: data.repeats });
        if (events.length >= limit) break;
      }
    }
    return { events };
  }
}
