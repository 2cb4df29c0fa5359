// Who a call comes from: the `authorization: Bearer <credential>` metadata, a login token or an API
// key, checked against the signing key and the site's principals. Anything else is UNAUTHENTICATED
// with what to do; the client's own x-ferry-actor header is not read.
import { UnauthenticatedError } from '@ferry/errors';
import { apiKeyDigest, looksLikeApiKey } from './api-keys';
import type { PrincipalDirectory } from './principal-directory';
import type { Role } from './roles';
import { scopeOf, type Scope } from './scopes';
import type { TokenSigner } from './tokens';

/** The metadata key credentials travel in. */
export const AUTHORIZATION_METADATA_KEY = 'authorization';

/** An authenticated caller. */
export interface Principal {
  /** "operator:<user>" for a user, "integrator:<key name>" for an API key: the actor of the events it causes. */
  readonly actor: string;
  readonly role: Role;
  /** Where the role applies (scopes.ts): the whole site unless the user or key was made with a scope. */
  readonly scope: Scope;
  /** Unix ms a login token stops being accepted; undefined for an API key. */
  readonly expiresAt?: number;
}

const HOW = 'send "authorization: Bearer <token>" with a token from `ferry login`, or "Bearer <API key>" with a key from `ferry keys create`';

/** The credential in an authorization header value, or UnauthenticatedError. */
export function bearerOf(header: string | undefined): string {
  if (header === undefined || header === '') throw new UnauthenticatedError(`the call carries no credential; ${HOW}`);
  const match = /^Bearer +(\S+)$/i.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError(`the authorization header is not "Bearer <credential>"; ${HOW}`);
  return match[1];
}

export class Authenticator {
  constructor(
    private readonly directory: PrincipalDirectory,
    private readonly tokens: TokenSigner,
  ) {}

  /** The principal behind `header` at `nowMs`, or UnauthenticatedError naming the problem and the fix. */
  async authenticate(header: string | undefined, nowMs: number): Promise<Principal> {
    const credential = bearerOf(header);
    return looksLikeApiKey(credential) ? this.apiKey(credential) : this.token(credential, nowMs);
  }

  private apiKey(credential: string): Principal {
    const found = this.directory.keyByDigest(apiKeyDigest(credential));
    if (!found) throw new UnauthenticatedError('the API key is not one this site issued; ask an admin for a key (`ferry keys create <name> --role <role>`)');
    if (found.key.revoked) throw new UnauthenticatedError(`the API key "${found.name}" was revoked; ask an admin for a new one (\`ferry keys create\`)`);
    return { actor: `integrator:${found.name}`, role: found.key.role, scope: scopeOf('scope', found.key.scope) };
  }

  private async token(credential: string, nowMs: number): Promise<Principal> {
    const token = await this.tokens.verify(credential, nowMs);
    const user = this.directory.current.users[token.user];
    if (!user) throw new UnauthenticatedError(`the token's user "${token.user}" does not exist on this site; run \`ferry login\` as a user that does`);
    if (Math.floor(token.issuedAt / 1000) < Math.floor(user.passwordSetAt / 1000)) {
      throw new UnauthenticatedError(`the password of "${token.user}" was changed after this token was issued; run \`ferry login\` with the new password`);
    }
    return { actor: `operator:${token.user}`, role: user.role, scope: scopeOf('scope', user.scope), expiresAt: token.expiresAt };
  }
}
