/**
 * Who may log in to our target (issue 21, item 6), with libiscsi's iscsi-inq and qemu's iscsi
 * driver as the initiators and serve-image as the target, started the way an operator would:
 * without --chap it serves CHAP with a secret it makes once and keeps in a 0600 file under the
 * cache directory; --initiator limits logins to listed initiator names; --no-auth is the only way
 * to serve without CHAP and is logged as a warning. Each refusal has its RFC 7143 §11.13.5 status
 * (libiscsi prints it in decimal: 513 = 0x0201, 514 = 0x0202) and a log line naming the initiator,
 * its address and the target; the secret is in no line of the target's output.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startCacheTarget } from '../src/cache-target';
import { credentialsFileOf, GENERATED_CHAP_USER } from '../src/target-credentials';
import { killChild, makeSourceImage, run, spawnTarget } from './support/tools';

const IQN = 'iqn.2024-01.io.ferry:guarded';
const ALLOWED = 'iqn.2024-01.io.ferry:cloud-host-1';
const UNLISTED = 'iqn.2024-01.io.ferry:somebody-else';

describe('iSCSI access control: CHAP by default, an initiator allow list, refusals with their status', () => {
  let dir: string;
  let source: string;
  let cacheDir: string;
  let child: ChildProcess | undefined;
  let port = 0;
  /** Everything every serve-image run printed (stdout and stderr). */
  const outputs: string[] = [];
  let output: () => string = () => '';
  let secret = '';

  const start = async (...extra: string[]): Promise<void> => {
    const started = await spawnTarget(['--image', source, '--cache-dir', cacheDir, '--port', String(port), '--iqn', IQN, '--no-hydrate', ...extra]);
    child = started.child;
    port = started.port;
    output = started.output;
  };
  const stop = async (): Promise<void> => {
    if (!child) return;
    await killChild(child, 'SIGTERM');
    outputs.push(output());
    child = undefined;
  };
  const url = (auth = ''): string => `iscsi://${auth}127.0.0.1:${port}/${IQN}/0`;
  const inq = (initiator: string, auth = ''): ReturnType<typeof run> => run('iscsi-inq', ['-i', initiator, url(auth)]);
  /** The log lines of refused logins since `from` characters of the output. */
  const refusals = (from: number): string[] => output().slice(from).split('\n').filter((l) => l.includes('refused a login'));
  const waitForRefusals = async (from: number, count: number): Promise<string[]> => {
    for (let i = 0; i < 100 && refusals(from).length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return refusals(from);
  };
  /** qemu's iscsi driver with the password from a 0600 file (a qemu secret object, never in argv) and our initiator name. */
  const qemuCopy = async (initiator: string, name: string): Promise<{ code: number | null; stderr: string; copy: string }> => {
    const passwordFile = join(dir, 'chap-password');
    await writeFile(passwordFile, secret, { mode: 0o600 });
    const copy = join(dir, name);
    const opts = `driver=iscsi,transport=tcp,portal=127.0.0.1:${port},target=${IQN},lun=0,user=${GENERATED_CHAP_USER},password-secret=chap,initiator-name=${initiator}`;
    const r = await run('qemu-img', ['convert', '--object', `secret,id=chap,file=${passwordFile}`, '-O', 'raw', '--image-opts', opts, copy]);
    return { code: r.code, stderr: r.stderr, copy };
  };

  beforeAll(async () => {
    const built = await run('npx', ['tsc', '-b', join(__dirname, '..')]);
    if (built.code !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
    dir = await mkdtemp(join(tmpdir(), 'ferry-access-'));
    source = join(dir, 'source.raw');
    cacheDir = join(dir, 'cache');
    await makeSourceImage(source, 8);
    await start('--initiator', ALLOWED);
    const file = credentialsFileOf(cacheDir, IQN);
    secret = (JSON.parse(await readFile(file, 'utf8')) as { secret: string }).secret;
  }, 120_000);

  afterAll(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a 16-character secret in a 0600 file under the cache directory and logs where, not what', async () => {
    const file = credentialsFileOf(cacheDir, IQN);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(file))).mode & 0o777).toBe(0o700);
    expect(output()).toContain(`iscsi: target ${IQN}: CHAP user ${GENERATED_CHAP_USER} with a secret made now and kept in ${file}; only initiators ${ALLOWED}`);
  });

  it('refuses a login without CHAP with 0x0201 and logs the initiator, its address and the target', async () => {
    // libiscsi without credentials skips security negotiation and asks for operational negotiation at once.
    const from = output().length;
    const r = await inq(ALLOWED);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Status: Authentication failure(513)');
    const [line] = await waitForRefusals(from, 1);
    expect(line).toMatch(new RegExp(`refused a login from "${ALLOWED}" at 127\\.0\\.0\\.1:\\d+ to "${IQN}" with status 0x0201 \\(authentication failure\\): it skipped security negotiation \\(no CHAP\\) and the target requires CHAP`));
  });

  it('refuses a wrong secret with 0x0201', async () => {
    const from = output().length;
    const r = await inq(ALLOWED, `${GENERATED_CHAP_USER}%${secret.slice(1)}x@`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Status: Authentication failure(513)');
    const [line] = await waitForRefusals(from, 1);
    expect(line).toMatch(new RegExp(`from "${ALLOWED}" at 127\\.0\\.0\\.1:\\d+ to "${IQN}" with status 0x0201 \\(authentication failure\\): its CHAP response for user "${GENERATED_CHAP_USER}" does not match`));
  });

  it('refuses an initiator not on the allow list with 0x0202 even with the right secret, with libiscsi and with qemu', async () => {
    const from = output().length;
    const r = await inq(UNLISTED, `${GENERATED_CHAP_USER}%${secret}@`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Status: Authorization failure(514)');
    const qemu = await qemuCopy(UNLISTED, 'refused.raw');
    expect(qemu.code).not.toBe(0);
    expect(qemu.stderr).toContain('Authorization failure(514)');
    const lines = await waitForRefusals(from, 2);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`from "${UNLISTED}" at 127\\.0\\.0\\.1:\\d+ to "${IQN}" with status 0x0202 \\(authorization failure\\): initiator "${UNLISTED}" is not on the initiator allow list`));
    }
  });

  it('admits the listed initiator with the right secret: iscsi-inq reads, a qemu-img copy equals the source', async () => {
    const r = await inq(ALLOWED, `${GENERATED_CHAP_USER}%${secret}@`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Vendor:FERRY');
    const qemu = await qemuCopy(ALLOWED, 'copy.raw');
    expect(qemu.stderr).toBe('');
    expect((await readFile(qemu.copy)).equals(await readFile(source))).toBe(true);
  }, 60_000);

  it('keeps the same secret and file across a restart; the old secret still logs in', async () => {
    const file = credentialsFileOf(cacheDir, IQN);
    const before = await readFile(file, 'utf8');
    await stop();
    await start('--initiator', ALLOWED);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(output()).toContain(`CHAP user ${GENERATED_CHAP_USER} with the secret kept in ${file}`);
    expect((await inq(ALLOWED, `${GENERATED_CHAP_USER}%${secret}@`)).code).toBe(0);
  }, 60_000);

  it('with --chap uses the given credentials; with --no-auth serves without CHAP and says so loudly', async () => {
    await stop();
    await start('--chap', 'operator:operator-secret-1');
    expect((await inq(ALLOWED, 'operator%operator-secret-1@')).code).toBe(0);
    expect((await inq(ALLOWED, `${GENERATED_CHAP_USER}%${secret}@`)).code).not.toBe(0);
    await stop();
    await start('--no-auth');
    expect(output()).toContain(`iscsi: WARNING: target ${IQN} accepts logins without CHAP because --no-auth; anyone who reaches port ${port} can read and write it`);
    expect((await inq(UNLISTED)).code).toBe(0);
    await stop();
  }, 60_000);

  it('never printed the secret', () => {
    const all = [...outputs, output()].join('\n');
    expect(all).toContain('refused a login');
    expect(all).not.toContain(secret);
  });
});

describe('auth none without the explicit setting', () => {
  it('stops start-up naming the target and the two fixes; with the setting it is served and logged as a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-access-none-'));
    try {
      const image = join(dir, 'disk.raw');
      await makeSourceImage(image, 1);
      const targets = [
        { name: 'iqn.2024-01.io.ferry:open-a', auth: { kind: 'none' as const }, luns: [{ lun: 0, source: image }] },
        { name: 'iqn.2024-01.io.ferry:open-b', auth: { kind: 'none' as const }, luns: [{ lun: 0, source: image }] },
      ];
      await expect(startCacheTarget({ host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), targets })).rejects.toThrow(
        'CACHE_TARGETS: targets iqn.2024-01.io.ferry:open-a, iqn.2024-01.io.ferry:open-b have auth {"kind":"none"}: anyone who reaches the iSCSI port could read and write them. ' +
          'Either give CHAP (leave "auth" out to have a secret made in CACHE_DIR/credentials, or give {"kind":"chap","user":…,"secret":…}), or set ISCSI_ALLOW_NO_AUTH=true to serve without CHAP',
      );
      const logs: string[] = [];
      const target = await startCacheTarget({ host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), targets, allowNoAuth: { by: 'ISCSI_ALLOW_NO_AUTH=true' }, log: (m) => logs.push(m) });
      try {
        expect(logs).toContain(
          `iscsi: WARNING: targets iqn.2024-01.io.ferry:open-a, iqn.2024-01.io.ferry:open-b accept logins without CHAP because ISCSI_ALLOW_NO_AUTH=true; anyone who reaches port ${target.port} can read and write them`,
        );
        expect((await run('iscsi-inq', [`iscsi://127.0.0.1:${target.port}/iqn.2024-01.io.ferry:open-a/0`])).code).toBe(0);
      } finally {
        await target.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
