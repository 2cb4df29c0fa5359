import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalStateError, NotFoundError } from '@ferry/errors';
import { DeciderSpecification } from '@ferry/event-store';
import { apiKeyDigest, looksLikeApiKey, newApiKey } from './api-keys';
import { bearerOf } from './authenticate';
import { hashPassword, verifyPassword } from './passwords';
import { principalsDecider } from './principal-decider';
import type { PrincipalEvent } from './principal-events';
import { hostOf } from './refusal-recorder';
import { allows, roleOf } from './roles';
import { loadTokenKey, TokenSigner } from './tokens';

const meta = { at: 1_000, commandId: 'c1' };
const eventMeta = { at: 1_000, causeCommandId: 'c1' };
const adminCreated: PrincipalEvent = { type: 'UserCreated', data: { meta: eventMeta, user: 'root', role: 'admin', passwordHash: 'scrypt$h' } };

describe('passwords (scrypt)', () => {
  it('verify the password they were made from, not another, and salt each hash', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery!', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'md5$whatever')).toBe(false);
  });
});

describe('API keys', () => {
  it('are 256 random bits, told apart from tokens by their prefix, stored as a SHA-256', () => {
    const key = newApiKey();
    expect(key).toMatch(/^fk_[A-Za-z0-9_-]{43}$/);
    expect(newApiKey()).not.toBe(key);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(apiKeyDigest(key)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('login tokens', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-tokens-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keep their signing key in a 0600 file made once', async () => {
    const key = await loadTokenKey(dir);
    expect((await stat(join(dir, 'api-token.key'))).mode & 0o777).toBe(0o600);
    expect(await loadTokenKey(dir)).toEqual(key);
    expect((await readFile(join(dir, 'api-token.key'), 'utf8')).length).toBeGreaterThan(40);
  });

  it('name their user until they expire, and are refused with what to do once expired or signed by another key', async () => {
    const signer = new TokenSigner(await loadTokenKey(dir), 60_000);
    const { token, expiresAt } = await signer.issue('alice', 1_700_000_000_000);
    expect(expiresAt).toBe(1_700_000_060_000);
    expect(await signer.verify(token, 1_700_000_030_000)).toEqual({ user: 'alice', issuedAt: 1_700_000_000_000, expiresAt });
    await expect(signer.verify(token, 1_700_000_120_000)).rejects.toThrow('the token expired at 2023-11-14T22:14:20.000Z; run `ferry login` for a new one');
    const other = new TokenSigner(Buffer.alloc(32, 7), 60_000);
    await expect(other.verify(token, 1_700_000_030_000)).rejects.toThrow("the token is not signed by this appliance's key (the key was rotated, or the token is from another site); run `ferry login` for a new one");
    await expect(signer.verify('not.a.token', 1_700_000_030_000)).rejects.toThrow(/^the token is not one this appliance issues \(ERR_JWS_INVALID\)/);
  });
});

describe('the authorization header', () => {
  it('must be "Bearer <credential>"', () => {
    expect(bearerOf('Bearer abc.def')).toBe('abc.def');
    expect(() => bearerOf(undefined)).toThrow(/^the call carries no credential; send "authorization: Bearer <token>"/);
    expect(() => bearerOf('Basic dXNlcg==')).toThrow(/^the authorization header is not "Bearer <credential>"/);
  });
});

describe('roles', () => {
  it('are ordered viewer < operator < admin', () => {
    expect(allows('admin', 'operator')).toBe(true);
    expect(allows('operator', 'operator')).toBe(true);
    expect(allows('viewer', 'operator')).toBe(false);
    expect(() => roleOf('role', 'root')).toThrow('role: "root" is not a role; use one of viewer, operator, admin');
  });
});

describe('the refusal recorder', () => {
  it("keys a refusal by the client's host, not its per-connection port", () => {
    expect(hostOf('ipv4:10.0.0.7:50123')).toBe('10.0.0.7');
    expect(hostOf('127.0.0.1:4000')).toBe('127.0.0.1');
    expect(hostOf('ipv6:[::1]:4000')).toBe('::1');
  });
});

describe('the principals decider', () => {
  const spec = DeciderSpecification.for(principalsDecider);

  it('makes the first admin, and refuses a second init once an admin exists', () => {
    spec.given([]).when({ type: 'InitAdmin', data: { meta, user: 'root', passwordHash: 'scrypt$h' } }).then([adminCreated]);
    spec.given([adminCreated]).when({ type: 'InitAdmin', data: { meta, user: 'eve', passwordHash: 'scrypt$x' } }).thenThrows(IllegalStateError, 'the site already has an admin (root)');
  });

  it('adds users once, changes roles, and keeps the last admin an admin', () => {
    const bob: PrincipalEvent = { type: 'UserCreated', data: { meta: eventMeta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b' } };
    spec.given([adminCreated]).when({ type: 'CreateUser', data: { meta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b' } }).then([bob]);
    spec.given([adminCreated, bob]).when({ type: 'CreateUser', data: { meta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b' } }).thenThrows(IllegalStateError, 'user "bob" exists');
    spec.given([adminCreated, bob]).when({ type: 'GrantRole', data: { meta, user: 'bob', role: 'operator' } }).then([{ type: 'RoleGranted', data: { meta: eventMeta, user: 'bob', role: 'operator' } }]);
    spec.given([adminCreated]).when({ type: 'GrantRole', data: { meta, user: 'root', role: 'viewer' } }).thenThrows(IllegalStateError, "\"root\" is the site's only admin");
    spec.given([adminCreated]).when({ type: 'SetPassword', data: { meta, user: 'nobody', passwordHash: 'scrypt$n' } }).thenThrows(NotFoundError, 'no user "nobody"');
  });

  it('issues a key name once until it is revoked', () => {
    const issued: PrincipalEvent = { type: 'ApiKeyIssued', data: { meta: eventMeta, name: 'ci', role: 'operator', keySha256: 'ab' } };
    const revoked: PrincipalEvent = { type: 'ApiKeyRevoked', data: { meta: eventMeta, name: 'ci', reason: 'rotated' } };
    spec.given([]).when({ type: 'IssueApiKey', data: { meta, name: 'ci', role: 'operator', keySha256: 'ab' } }).then([issued]);
    spec.given([issued]).when({ type: 'IssueApiKey', data: { meta, name: 'ci', role: 'operator', keySha256: 'cd' } }).thenThrows(IllegalStateError, 'API key "ci" exists');
    spec.given([issued]).when({ type: 'RevokeApiKey', data: { meta, name: 'ci', reason: 'rotated' } }).then([revoked]);
    spec.given([issued, revoked]).when({ type: 'RevokeApiKey', data: { meta, name: 'ci', reason: 'again' } }).then([]);
  });
});
