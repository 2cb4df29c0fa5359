/**
 * iSCSI access control of the running cloud-cache service (issue 21, item 6): a CACHE_TARGETS entry
 * without `auth` is served with CHAP and a secret the service makes once in
 * CACHE_DIR/credentials/<sha256 of the IQN>.json (0600), the same after a restart and in no log
 * line; its `initiators` list refuses other initiator names with 0x0202; an entry with
 * auth none stops start-up unless ISCSI_ALLOW_NO_AUTH=true, which is logged as a warning.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { credentialsFileOf, GENERATED_CHAP_USER } from '../src/target-credentials';
import { makeSourceImage, run } from './support/tools';

const IQN = 'iqn.2024-01.io.ferry:service-guarded';
const OPEN = 'iqn.2024-01.io.ferry:service-open';
const HOST = 'iqn.2024-01.io.ferry:cloud-host-1';

describe('cloud-cache service: iSCSI access control from CACHE_TARGETS', () => {
  let dir: string;
  let source: string;
  let nats: NatsHandle;
  const services: ServiceHandle[] = [];
  const env = (name: string, targets: unknown[], extra: Record<string, string> = {}): Record<string, string> => ({
    NATS_URL: nats.url,
    CACHE_DIR: join(dir, name),
    CA_DIR: join(dir, 'site-ca'),
    FROM_CLOUD_MANAGER_HOST: '127.0.0.1',
    CACHE_TARGETS: JSON.stringify(targets),
    CACHE_HYDRATE: 'false',
    ...extra,
  });
  const start = async (e: Record<string, string>): Promise<ServiceHandle> => {
    const service = await startService('cloud-cache', e);
    services.push(service);
    return service;
  };
  const url = (service: ServiceHandle, iqn: string, auth = ''): string => `iscsi://${auth}127.0.0.1:${service.ports.ISCSI_PORT}/${iqn}/0`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-iscsi-access-'));
    source = join(dir, 'source.raw');
    await makeSourceImage(source, 4);
    nats = await startNats();
  }, 60_000);

  afterAll(async () => {
    for (const s of services) await s.stop();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves an entry without auth with a generated secret kept across a restart, and only to the listed initiator', async () => {
    const service = await start(env('guarded', [{ name: IQN, initiators: [HOST], luns: [{ lun: 0, source }] }]));
    const file = credentialsFileOf(join(dir, 'guarded'), IQN);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const before = await readFile(file, 'utf8');
    const { secret } = JSON.parse(before) as { secret: string };
    const auth = `${GENERATED_CHAP_USER}%${secret}@`;
    expect(service.log()).toContain(`iscsi: target ${IQN}: CHAP user ${GENERATED_CHAP_USER} with a secret made now and kept in ${file}; only initiators ${HOST}`);

    const none = await run('iscsi-inq', ['-i', HOST, url(service, IQN)]);
    expect(none.stderr).toContain('Authentication failure(513)');
    const unlisted = await run('iscsi-inq', [url(service, IQN, auth)]); // libiscsi's own initiator name
    expect(unlisted.stderr).toContain('Authorization failure(514)');
    const copy = join(dir, 'copy.raw');
    const qemu = await run('qemu-img', ['convert', '-O', 'raw', `json:${JSON.stringify({ driver: 'iscsi', transport: 'tcp', portal: `127.0.0.1:${service.ports.ISCSI_PORT}`, target: IQN, lun: 0, user: GENERATED_CHAP_USER, password: secret, 'initiator-name': HOST })}`, copy]);
    expect(qemu.stderr).toBe('');
    expect((await readFile(copy)).equals(await readFile(source))).toBe(true);

    await service.restart();
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await run('iscsi-inq', ['-i', HOST, url(service, IQN, auth)])).code).toBe(0);
    const log = service.log();
    expect(log).toMatch(new RegExp(`refused a login from "${HOST}" at 127\\.0\\.0\\.1:\\d+ to "${IQN}" with status 0x0201`));
    expect(log).toMatch(new RegExp(`refused a login from "iqn\\.2007-10\\.com\\.github:sahlberg:libiscsi:iscsi-inq" at 127\\.0\\.0\\.1:\\d+ to "${IQN}" with status 0x0202`));
    expect(log).toContain(`with the secret kept in ${file}`);
    expect(log).not.toContain(secret);
  }, 90_000);

  it('stops start-up on an entry with auth none, naming it and the fixes, unless ISCSI_ALLOW_NO_AUTH=true, which it logs', async () => {
    const targets = [{ name: OPEN, auth: { kind: 'none' }, luns: [{ lun: 0, source }] }];
    const refused = await start(env('open-refused', targets)).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toContain(`exited with code 1 before becoming healthy`);
    expect(refused?.message).toContain(`CACHE_TARGETS: target ${OPEN} has auth {"kind":"none"}`);
    expect(refused?.message).toContain('or set ISCSI_ALLOW_NO_AUTH=true to serve without CHAP');

    const service = await start(env('open-allowed', targets, { ISCSI_ALLOW_NO_AUTH: 'true' }));
    expect(service.log()).toContain(`target ${OPEN} accepts logins without CHAP because ISCSI_ALLOW_NO_AUTH=true`);
    expect((await run('iscsi-inq', [url(service, OPEN)])).code).toBe(0);
  }, 90_000);
});
