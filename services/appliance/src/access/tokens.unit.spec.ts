import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { TokenKeys } from './token-keys';
import { TokenSigner } from './tokens';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('login tokens', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-tokens-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keep their signing key in a 0600 file made once, and name it by its id in every token', async () => {
    const keys = await TokenKeys.open(dir, T0);
    expect((await stat(join(dir, 'api-token.key'))).mode & 0o777).toBe(0o600);
    expect((await TokenKeys.open(dir, T0)).current).toEqual(keys.current);
    expect((await readFile(join(dir, 'api-token.key'), 'utf8')).length).toBeGreaterThan(40);
    const { token } = await new TokenSigner(keys, HOUR).issue('alice', T0);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: keys.current.id });
    expect(keys.current.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('name their user until they expire, and are refused with what to do once expired or signed by another key', async () => {
    const signer = new TokenSigner(await TokenKeys.open(dir, T0), 60_000);
    const { token, expiresAt } = await signer.issue('alice', T0);
    expect(expiresAt).toBe(T0 + 60_000);
    expect(await signer.verify(token, T0 + 30_000)).toEqual({ user: 'alice', issuedAt: T0, expiresAt });
    await expect(signer.verify(token, T0 + 120_000)).rejects.toThrow('the token expired at 2023-11-14T22:14:20.000Z; run `ferry login` for a new one');
    const other = await mkdtemp(join(tmpdir(), 'ferry-tokens-other-'));
    try {
      await expect(new TokenSigner(await TokenKeys.open(other, T0), 60_000).verify(token, T0 + 30_000)).rejects.toThrow(
        /^the token was signed with key "[0-9a-f]{16}", which this appliance does not hold \(it was rotated out after its tokens expired, or the token is from another site\); run `ferry login` for a new one$/,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    await expect(signer.verify('not.a.token', T0 + 30_000)).rejects.toThrow(/^the token is not one this appliance issues \(ERR_JWS_INVALID\)/);
  });

  it('keep working across a rotation until they expire, while new ones carry the new key', async () => {
    const keys = await TokenKeys.open(dir, T0);
    const signer = new TokenSigner(keys, HOUR);
    const before = await signer.issue('alice', T0);
    const rotation = await signer.rotateKey(T0 + 1000);
    expect(rotation).toEqual({ keyId: keys.current.id, previousKeyId: decodeProtectedHeader(before.token).kid, previousAcceptedUntil: T0 + 1000 + HOUR + 1000 });
    expect(rotation.keyId).not.toBe(rotation.previousKeyId);
    const after = await signer.issue('bob', T0 + 2000);
    expect(decodeProtectedHeader(after.token).kid).toBe(rotation.keyId);

    expect((await signer.verify(before.token, T0 + 30 * 60_000)).user).toBe('alice');
    expect((await signer.verify(after.token, T0 + 30 * 60_000)).user).toBe('bob');
    // An appliance started after the rotation reads both keys from the state dir.
    const restarted = new TokenSigner(await TokenKeys.open(dir, T0 + 5000), HOUR);
    expect((await restarted.verify(before.token, T0 + 30 * 60_000)).user).toBe('alice');
    expect((await stat(join(dir, 'api-token.previous'))).mode & 0o777).toBe(0o600);
    // Once the old token has expired, the old key is dropped at the next read.
    await expect(restarted.verify(before.token, T0 + HOUR + 1)).rejects.toThrow(/^the token expired at /);
    const later = await TokenKeys.open(dir, T0 + 2 * HOUR + 3000);
    expect(later.find(rotation.previousKeyId, T0 + 2 * HOUR + 3000)).toBeUndefined();
  });

  it('pick up a rotation whose files arrived after start (another replica rotated, the files were copied here)', async () => {
    const here = new TokenSigner(await TokenKeys.open(dir, T0), HOUR);
    const there = new TokenSigner(await TokenKeys.open(dir, T0), HOUR);
    await there.rotateKey(T0);
    const fresh = await there.issue('carol', T0 + 1000);
    expect((await here.verify(fresh.token, T0 + 2000)).user).toBe('carol');
  });

  it('stop start-up naming the file when the previous keys are not readable', async () => {
    await writeFile(join(dir, 'api-token.previous'), 'garbage');
    await expect(TokenKeys.open(dir, T0)).rejects.toThrow(/api-token\.previous is not a list of previous token keys .*; delete it \(tokens of earlier keys are then refused, their users log in again\) and restart$/);
  });
});
