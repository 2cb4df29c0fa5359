import { IllegalStateError, NotFoundError } from '@ferry/errors';
import { DeciderSpecification } from '@ferry/event-store';
import { apiKeyDigest, looksLikeApiKey, newApiKey } from './api-keys';
import { bearerOf } from './authenticate';
import { hashPassword, verifyPassword } from './passwords';
import { principalCodec } from './access-codec';
import { principalsDecider } from './principal-decider';
import type { PrincipalEvent } from './principal-events';
import { hostOf } from './refusal-recorder';
import { allows, roleOf } from './roles';

const meta = { at: 1_000, commandId: 'c1' };
const eventMeta = { at: 1_000, causeCommandId: 'c1' };
const adminCreated: PrincipalEvent = { type: 'UserCreated', data: { meta: eventMeta, user: 'root', role: 'admin', passwordHash: 'scrypt$h', scope: '' } };

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
    const bob: PrincipalEvent = { type: 'UserCreated', data: { meta: eventMeta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b', scope: '' } };
    spec.given([adminCreated]).when({ type: 'CreateUser', data: { meta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b', scope: '' } }).then([bob]);
    spec.given([adminCreated, bob]).when({ type: 'CreateUser', data: { meta, user: 'bob', role: 'viewer', passwordHash: 'scrypt$b', scope: '' } }).thenThrows(IllegalStateError, 'user "bob" exists');
    spec.given([adminCreated, bob]).when({ type: 'GrantRole', data: { meta, user: 'bob', role: 'operator' } }).then([{ type: 'RoleGranted', data: { meta: eventMeta, user: 'bob', role: 'operator' } }]);
    spec.given([adminCreated]).when({ type: 'GrantRole', data: { meta, user: 'root', role: 'viewer' } }).thenThrows(IllegalStateError, "\"root\" is the site's only admin");
    spec.given([adminCreated]).when({ type: 'SetPassword', data: { meta, user: 'nobody', passwordHash: 'scrypt$n' } }).thenThrows(NotFoundError, 'no user "nobody"');
  });

  it('keeps a user scoped to a plan or a folder below admin, which manages the whole site', () => {
    const tina: PrincipalEvent = { type: 'UserCreated', data: { meta: eventMeta, user: 'tina', role: 'operator', passwordHash: 'scrypt$t', scope: 'folder:/DC0/vm/team-a' } };
    spec.given([adminCreated]).when({ type: 'CreateUser', data: { meta, user: 'tina', role: 'operator', passwordHash: 'scrypt$t', scope: 'folder:/DC0/vm/team-a' } }).then([tina]);
    spec.given([adminCreated, tina]).when({ type: 'GrantRole', data: { meta, user: 'tina', role: 'viewer' } }).then([{ type: 'RoleGranted', data: { meta: eventMeta, user: 'tina', role: 'viewer' } }]);
    spec.given([adminCreated, tina]).when({ type: 'GrantRole', data: { meta, user: 'tina', role: 'admin' } }).thenThrows(IllegalStateError, '"tina" is scoped to folder:/DC0/vm/team-a, and an admin manages the whole site');
  });

  it('records a rotation of the token key by key ids only', () => {
    const rotation = { keyId: '00112233aabbccdd', previousKeyId: 'ffeeddccbbaa9988', previousAcceptedUntilMillis: 3_601_000 };
    spec.given([adminCreated]).when({ type: 'RecordTokenKeyRotation', data: { meta, ...rotation } }).then([{ type: 'TokenKeyRotated', data: { meta: eventMeta, ...rotation } }]);
  });

  it('issues a key name once until it is revoked', () => {
    const issued: PrincipalEvent = { type: 'ApiKeyIssued', data: { meta: eventMeta, name: 'ci', role: 'operator', keySha256: 'ab', scope: 'plan:plan-a' } };
    const revoked: PrincipalEvent = { type: 'ApiKeyRevoked', data: { meta: eventMeta, name: 'ci', reason: 'rotated' } };
    spec.given([]).when({ type: 'IssueApiKey', data: { meta, name: 'ci', role: 'operator', keySha256: 'ab', scope: 'plan:plan-a' } }).then([issued]);
    spec.given([issued]).when({ type: 'IssueApiKey', data: { meta, name: 'ci', role: 'operator', keySha256: 'cd', scope: '' } }).thenThrows(IllegalStateError, 'API key "ci" exists');
    spec.given([issued]).when({ type: 'RevokeApiKey', data: { meta, name: 'ci', reason: 'rotated' } }).then([revoked]);
    spec.given([issued, revoked]).when({ type: 'RevokeApiKey', data: { meta, name: 'ci', reason: 'again' } }).then([]);
  });
});

describe('the principals codec', () => {
  it('stores scopes and token-key rotations and reads them back unchanged', () => {
    const events: PrincipalEvent[] = [
      { type: 'UserCreated', data: { meta: eventMeta, user: 'tina', role: 'operator', passwordHash: 'scrypt$t', scope: 'folder:/DC0/vm/team-a' } },
      { type: 'ApiKeyIssued', data: { meta: eventMeta, name: 'ci', role: 'viewer', keySha256: 'ab', scope: 'plan:plan-a' } },
      { type: 'TokenKeyRotated', data: { meta: eventMeta, keyId: '00112233aabbccdd', previousKeyId: 'ffeeddccbbaa9988', previousAcceptedUntilMillis: 3_601_000 } },
    ];
    for (const event of events) {
      const { type, payload } = principalCodec.encode(event);
      expect(principalCodec.decode(type, payload)).toEqual(event);
    }
  });
});
