/**
 * Login and session handling against libiscsi's tools: CHAP one-way and mutual, CRC32C header
 * digests, SendTargets discovery, several sessions at once, and a malformed PDU that closes only
 * its own connection. DEFAULT has no `auth`, so it is served with the CHAP secret the cache makes
 * in its credentials file (access-control.int.spec.ts covers that file and the refusals).
 */
import { connect } from 'node:net';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheTarget, type CacheTarget } from '../src/cache-target';
import { credentialsFileOf, GENERATED_CHAP_USER } from '../src/target-credentials';
import { run } from './support/tools';

const DEFAULT = 'iqn.2024-01.io.ferry:default';
const CHAP = 'iqn.2024-01.io.ferry:chap';
const MUTUAL = 'iqn.2024-01.io.ferry:mutual';

describe('iSCSI login, discovery and sessions', () => {
  let dir: string;
  let target: CacheTarget;
  /** user%secret@ of DEFAULT, read from the file the cache made. */
  let defaultAuth = '';
  const url = (iqn: string, auth = '', query = ''): string => `iscsi://${auth}127.0.0.1:${target.port}/${iqn}/0${query}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-login-'));
    const image = join(dir, 'disk.raw');
    await writeFile(image, '');
    await truncate(image, 8 << 20);
    target = await startCacheTarget({
      host: '127.0.0.1',
      port: 0,
      cacheDir: join(dir, 'cache'),
      targets: [
        { name: DEFAULT, luns: [{ lun: 0, source: image }] },
        { name: CHAP, auth: { kind: 'chap', user: 'alice', secret: 'alice-secret-12' }, luns: [{ lun: 0, source: image }] },
        { name: MUTUAL, auth: { kind: 'chap', user: 'bob', secret: 'bob-secret-1234', mutual: { user: 'cache', secret: 'target-secret-12' } }, luns: [{ lun: 0, source: image }] },
      ],
    });
    const { user, secret } = JSON.parse(await readFile(credentialsFileOf(join(dir, 'cache'), DEFAULT), 'utf8')) as { user: string; secret: string };
    expect(user).toBe(GENERATED_CHAP_USER);
    defaultAuth = `${user}%${secret}@`;
  });

  afterAll(async () => {
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every target through a SendTargets discovery session', async () => {
    const r = await run('iscsi-ls', [`iscsi://127.0.0.1:${target.port}`]);
    expect(r.code).toBe(0);
    for (const name of [DEFAULT, CHAP, MUTUAL]) expect(r.stdout).toContain(`Target:${name} Portal:127.0.0.1:${target.port},1`);
  });

  it('admits one-way CHAP with the right secret and refuses a wrong one or none', async () => {
    expect((await run('iscsi-inq', [url(CHAP, 'alice%alice-secret-12@')])).code).toBe(0);
    const wrong = await run('iscsi-inq', [url(CHAP, 'alice%wrong-secret-99@')]);
    expect(wrong.code).not.toBe(0);
    expect((await run('iscsi-inq', [url(CHAP)])).code).not.toBe(0);
  });

  it('proves itself to the initiator with mutual CHAP, and fails when the initiator expects another secret', async () => {
    const env = { LIBISCSI_CHAP_TARGET_USERNAME: 'cache', LIBISCSI_CHAP_TARGET_PASSWORD: 'target-secret-12' };
    const ok = await run('iscsi-inq', [url(MUTUAL, 'bob%bob-secret-1234@')], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Vendor:FERRY');
    const bad = await run('iscsi-inq', [url(MUTUAL, 'bob%bob-secret-1234@')], { env: { ...env, LIBISCSI_CHAP_TARGET_PASSWORD: 'not-the-target-1' } });
    expect(bad.code).not.toBe(0);
  });

  it('negotiates CRC32C header digests and serves commands with them', async () => {
    const r = await run('iscsi-inq', [url(DEFAULT, defaultAuth, '?header_digest=crc32c')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Product:CLOUD-CACHE');
  });

  it('closes a connection that sends a malformed PDU with a Reject, while other sessions keep working', async () => {
    const socket = connect(target.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const scsiCommandBeforeLogin = Buffer.alloc(48);
    scsiCommandBeforeLogin[0] = 0x01; // SCSI Command: not allowed before login
    socket.write(scsiCommandBeforeLogin);
    const parallel = Promise.all([1, 2, 3].map(() => run('iscsi-inq', [url(DEFAULT, defaultAuth)])));
    await closed;
    const reply = Buffer.concat(received);
    expect(reply[0]).toBe(0x3f); // Reject
    expect(reply[2]).toBe(0x04); // protocol error
    expect(reply.subarray(48, 96).equals(scsiCommandBeforeLogin)).toBe(true);
    for (const r of await parallel) expect(r.code).toBe(0);
  });
});
