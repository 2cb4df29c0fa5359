/**
 * The credentials file of a CACHE_TARGETS target without `auth`: made once with a 16-character
 * secret, 0600 in a 0700 directory, read back unchanged, set back to 0600 when loosened, and a
 * broken file stops start-up with the file's path and the fix but not the secret.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { credentialsFileOf, generateChapSecret, GENERATED_CHAP_USER, loadOrCreateCredentials } from './target-credentials';

const IQN = 'iqn.2024-01.io.ferry:vm-7';

describe('target credentials', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-credentials-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes 16-character secrets from an alphabet that needs no escaping in URLs or --chap', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateChapSecret()));
    expect(secrets.size).toBe(200);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('given no file, when loaded twice, then the first makes a 0600 file and the second reads the same secret', async () => {
    const first = await loadOrCreateCredentials(dir, IQN);
    expect(first).toMatchObject({ created: true, tightened: false, file: credentialsFileOf(dir, IQN) });
    expect(first.credentials.user).toBe(GENERATED_CHAP_USER);
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(first.file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(first.file, 'utf8'))).toMatchObject({ iqn: IQN, user: GENERATED_CHAP_USER, secret: first.credentials.secret });
    const second = await loadOrCreateCredentials(dir, IQN);
    expect(second).toEqual({ ...first, created: false });
    expect(credentialsFileOf(dir, IQN.toUpperCase())).toBe(first.file); // iSCSI names compare in lower case
  });

  it('given two starts at once, then both get the same secret', async () => {
    const [a, b] = await Promise.all([loadOrCreateCredentials(dir, IQN), loadOrCreateCredentials(dir, IQN)]);
    expect(a.credentials).toEqual(b.credentials);
    expect([a.created, b.created].sort()).toEqual([false, true]);
  });

  it('given a file others can read, then it is set back to 0600 and says so', async () => {
    const { file } = await loadOrCreateCredentials(dir, IQN);
    await chmod(file, 0o644);
    expect((await loadOrCreateCredentials(dir, IQN)).tightened).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('given a broken file, then loading fails naming the file and the fix, never the secret', async () => {
    const file = credentialsFileOf(dir, IQN);
    await loadOrCreateCredentials(dir, IQN);
    await writeFile(file, JSON.stringify({ iqn: IQN, user: 'u', secret: 'short-secr' }));
    await expect(loadOrCreateCredentials(dir, IQN)).rejects.toThrow(`${file}: secret: is 10 characters; a CHAP secret has 12 to 255; delete ${file} to have a new secret made`);
    await writeFile(file, JSON.stringify({ iqn: 'iqn.2024-01.io.ferry:other', user: 'u', secret: 'long-enough-secret' }));
    const error = await loadOrCreateCredentials(dir, IQN).then(() => undefined, (e: Error) => e);
    expect(error?.message).toContain('holds the credentials of "iqn.2024-01.io.ferry:other"');
    expect(error?.message).not.toContain('long-enough-secret');
  });
});
