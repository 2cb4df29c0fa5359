/**
 * Volumes made by NATS command on the running cloud-cache service (a real process with the service
 * kit, a real nats-server with JetStream, qemu-img / qemu-io / libiscsi as initiators). The only
 * stand-in is where misses come from: raw files on this machine instead of prem (local-fetchers.ts).
 * A volume is created for a migration stored in FERRY_EVENTS, read with CHAP and equal to its source,
 * written, still there with its written chunks after a restart and after kill -9, not deletable while
 * an initiator is logged in, and gone after the logout and delete. Its CHAP secret is in no reply and
 * in no log line.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageType, type NatsConnection } from 'nats';
import { IllegalStateError, NotFoundError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { natsRequest } from '@ferry/service-kit';
import { startNats, type NatsHandle } from '@ferry/testing';
import { makeSourceImage, run } from './support/tools';
import { volumeService, type VolumeService } from './support/volume-service';

const pb = ferry.cache.v1;
const IQN = 'iqn.2026-12.io.ferry:warm-vm-1';
const STATIC_IQN = 'iqn.2026-12.io.ferry:local-image';
const MIGRATION = 'm-warm-1';
const USER = 'vm1-initiator';
const SECRET = 'Cache-Secret-42';
/** CHAP of the CACHE_TARGETS volume (served with CHAP like every target). */
const STATIC_CHAP = { user: 'local-initiator', secret: 'Local-Secret-42' };
const MiB = 1 << 20;

describe('cloud-cache volumes made by NATS command', () => {
  let dir: string;
  let cacheDir: string;
  let nats: NatsHandle;
  let nc: NatsConnection;
  let service: VolumeService;
  const sources = new Map<number, string>();

  const url = (lun: number, auth = `${USER}%${SECRET}@`): string => `iscsi://${auth}127.0.0.1:${service.iscsiPort}/${IQN}/${lun}`;
  const command = <T>(subject: string, message: unknown): Promise<T> => natsRequest<T>(nc, `ferry.cmd.cloud-cache.${subject}`, message, { timeoutMs: 15_000 });
  const describeVolume = (): Promise<ferry.cache.v1.Volume> => command('describe-volume', pb.DescribeVolumeRequest.create({ iqn: IQN }));
  const written = (lun: number): Promise<ferry.cache.v1.WrittenChunks> => command('written-chunks', pb.WrittenChunksRequest.create({ iqn: IQN, lun }));
  const copyOut = async (lun: number, name: string): Promise<Buffer> => {
    const out = join(dir, name);
    const r = await run('qemu-img', ['convert', '-O', 'raw', url(lun), out]);
    if (r.code !== 0) throw new Error(`qemu-img convert of LUN ${lun} failed: ${r.stderr}\n${service.log().slice(-3000)}`);
    return readFile(out);
  };
  const volumeDirs = async (): Promise<string[]> => readdir(join(cacheDir, 'volumes')).catch(() => []);

  beforeAll(async () => {
    const built = await run('npx', ['tsc', '-b', join(__dirname, '..')]);
    if (built.code !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
    dir = await mkdtemp(join(tmpdir(), 'ferry-volume-commands-'));
    cacheDir = join(dir, 'cache');
    await mkdir(join(dir, 'prem', MIGRATION), { recursive: true });
    for (const [lun, disk, mib] of [[0, 'disk-0', 8], [1, 'disk-1', 4]] as const) {
      const path = join(dir, 'prem', MIGRATION, `${disk}.raw`);
      await makeSourceImage(path, mib);
      sources.set(lun, path);
    }
    nats = await startNats();
    nc = await nats.connect('appliance'); // the appliance's identity may create FERRY_EVENTS, append migration events and command cloud-cache
    // The appliance's event store keeps a migration's events on ferry.evt.migration.<id> in FERRY_EVENTS;
    // the cache only asks whether that subject holds a message, so one stands for the migration here.
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'FERRY_EVENTS', subjects: ['ferry.evt.>'], storage: StorageType.File });
    await nc.jetstream().publish(`ferry.evt.migration.${MIGRATION}`, new TextEncoder().encode('MigrationPlanned'));
    // A CACHE_TARGETS volume over a local image is served alongside the command-made ones.
    const image = join(dir, 'local.raw');
    await makeSourceImage(image, 2);
    service = await volumeService({
      ...nats.serviceEnv('cloud-cache'), // its own NATS identity, TLS against the harness CA
      CACHE_DIR: cacheDir,
      CACHE_TARGETS: JSON.stringify([{ name: STATIC_IQN, auth: { kind: 'chap', ...STATIC_CHAP }, luns: [{ lun: 0, source: image }] }]),
      LOCAL_SOURCE_DIR: join(dir, 'prem'),
    });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await nc?.close();
    await nats?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const createRequest = (migrationId = MIGRATION): ferry.cache.v1.CreateVolumeRequest =>
    pb.CreateVolumeRequest.create({
      iqn: IQN,
      luns: [
        { lun: 0, virtualSize: 8 * MiB, chunkSize: MiB, migrationId, diskId: 'disk-0' },
        { lun: 1, virtualSize: 4 * MiB, chunkSize: 65536, migrationId, diskId: 'disk-1' },
      ],
      chap: { user: USER, secret: SECRET },
      requestId: 'req-create-1',
    });

  it('refuses a volume for a migration FERRY_EVENTS does not know, with a short CHAP secret, or of the wrong message type, and makes nothing', async () => {
    await expect(command('create-volume', createRequest('m-never-planned'))).rejects.toThrow(NotFoundError);
    await expect(command('create-volume', createRequest('m-never-planned'))).rejects.toThrow(/ferry\.evt\.migration\.m-never-planned/);
    const short = createRequest();
    short.chap = pb.ChapSpec.create({ user: USER, secret: 'too-short' });
    const refused = await command('create-volume', short).then(() => new Error('accepted'), (e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.message).toBe('ferry.cmd.cloud-cache.create-volume: chap.secret: is 9 characters; a CHAP secret must be 12 to 16 characters ' +
      '(RFC 7143 §12.1.3 asks for at least 96 bits; Windows and ESXi initiators accept at most 16)');
    const wrongType = pb.DescribeVolumeRequest.create({ iqn: IQN });
    await expect(command('create-volume', wrongType)).rejects.toThrow(/takes ferry\.cache\.v1\.CreateVolumeRequest, got DescribeVolumeRequest/);
    expect(await volumeDirs()).toEqual([]);
    expect((await run('iscsi-inq', [url(0)])).code).not.toBe(0);
  }, 30_000);

  it('creates the volume and serves it over iSCSI with CHAP; each LUN reads equal to its prem disk', async () => {
    const volume = await command<ferry.cache.v1.Volume>('create-volume', createRequest());
    expect(volume).toMatchObject({ iqn: IQN, chapUser: USER, state: pb.VolumeState.VOLUME_STATE_SERVING, requestId: 'req-create-1' });
    expect(volume.luns.map((l) => [l.lun, Number(l.virtualSize), l.chunkSize, l.migrationId, l.diskId, Number(l.totalChunks)])).toEqual([
      [0, 8 * MiB, MiB, MIGRATION, 'disk-0', 8],
      [1, 4 * MiB, 65536, MIGRATION, 'disk-1', 64],
    ]);
    expect(JSON.stringify(pb.Volume.toObject(volume))).not.toContain(SECRET);

    expect((await run('iscsi-inq', [url(0, '')])).code).not.toBe(0); // no CHAP: refused
    expect((await run('iscsi-inq', [url(0, `${USER}%Wrong-Secret-42@`)])).code).not.toBe(0);
    const capacity = await run('iscsi-readcapacity16', [url(1)]);
    expect(capacity.stdout).toContain(`Total size:${4 * MiB}`);
    for (const lun of [0, 1]) expect((await copyOut(lun, `copy-${lun}.raw`)).equals(await readFile(sources.get(lun) as string))).toBe(true);
    expect(Number((await describeVolume()).luns[0]?.presentChunks)).toBeGreaterThan(0);

    const discovered = await run('iscsi-ls', [`iscsi://127.0.0.1:${service.iscsiPort}`]);
    for (const name of [STATIC_IQN, IQN]) expect(discovered.stdout).toContain(`Target:${name} `);
    expect((await run('iscsi-inq', [`iscsi://${STATIC_CHAP.user}%${STATIC_CHAP.secret}@127.0.0.1:${service.iscsiPort}/${STATIC_IQN}/0`])).code).toBe(0);
    const taken = pb.CreateVolumeRequest.create({ ...createRequest(), iqn: STATIC_IQN, requestId: 'req-2' });
    await expect(command('create-volume', taken)).rejects.toThrow(IllegalStateError);
  }, 60_000);

  it('admits only the initiators a volume was made for: an unlisted one is refused with 0x0202 even with the secret', async () => {
    const guarded = 'iqn.2026-12.io.ferry:warm-vm-guarded';
    const host = 'iqn.2024-01.io.ferry.cloud-host:esx-1';
    const request = pb.CreateVolumeRequest.create({ ...createRequest(), iqn: guarded, requestId: 'req-guarded', initiators: [host] });
    const volume = await command<ferry.cache.v1.Volume>('create-volume', request);
    expect(volume.allowedInitiators).toEqual([host]);
    const at = (auth: string): string => `iscsi://${auth}127.0.0.1:${service.iscsiPort}/${guarded}/0`;
    const unlisted = await run('iscsi-inq', ['-i', 'iqn.2024-01.io.ferry:intruder', at(`${USER}%${SECRET}@`)]);
    expect(unlisted.code).not.toBe(0);
    expect(unlisted.stderr).toContain('Status: Authorization failure(514)');
    const wrongSecret = await run('iscsi-inq', ['-i', host, at(`${USER}%Wrong-Secret-42@`)]);
    expect(wrongSecret.stderr).toContain('Status: Authentication failure(513)');
    expect((await run('iscsi-inq', ['-i', host, at('')])).code).not.toBe(0);
    const admitted = await run('iscsi-inq', ['-i', host, at(`${USER}%${SECRET}@`)]);
    expect({ code: admitted.code, stderr: admitted.stderr }).toEqual({ code: 0, stderr: '' });
    expect(service.log()).toMatch(new RegExp(`refused a login from "iqn\\.2024-01\\.io\\.ferry:intruder" at 127\\.0\\.0\\.1:\\d+ to "${guarded.replace(/\./g, '\\.')}" with status 0x0202`));
    await command('delete-volume', pb.DeleteVolumeRequest.create({ iqn: guarded }));
  }, 60_000);

  it('shows a chunk written through qemu-io in written-chunks', async () => {
    const w = await run('qemu-io', ['-f', 'raw', '-c', 'write -P 0xab 3M 4k', '-c', 'write -P 0xcd 7340032 512', url(0)]);
    expect(w.code).toBe(0);
    expect(await written(0)).toMatchObject({ iqn: IQN, lun: 0, chunkSize: MiB, indexes: [3, 7], more: false });
    expect((await written(1)).indexes).toEqual([]);
    expect((await describeVolume()).luns.map((l) => Number(l.writtenChunks))).toEqual([2, 0]);
  }, 30_000);

  it('comes back after a restart and after kill -9, with its data and its written chunks', async () => {
    const expected = await readFile(sources.get(0) as string);
    expected.fill(0xab, 3 * MiB, 3 * MiB + 4096);
    expected.fill(0xcd, 7340032, 7340032 + 512);

    expect(await service.stop()).toBe(0);
    await service.start();
    expect((await describeVolume()).luns.map((l) => Number(l.writtenChunks))).toEqual([2, 0]);
    expect((await written(0)).indexes).toEqual([3, 7]);
    expect((await copyOut(0, 'after-restart.raw')).equals(expected)).toBe(true);

    // A FUA write (durable when acknowledged), then the process dies without flushing anything.
    expect((await run('qemu-io', ['-f', 'raw', '-c', 'write -f -P 0xee 5M 8k', '-c', 'abort', url(0)])).code).not.toBe(0);
    expected.fill(0xee, 5 * MiB, 5 * MiB + 8192);
    await service.kill9();
    await service.start();
    expect((await written(0)).indexes).toEqual([3, 5, 7]);
    expect((await copyOut(0, 'after-kill9.raw')).equals(expected)).toBe(true);
    expect((await copyOut(1, 'lun1-after-kill9.raw')).equals(await readFile(sources.get(1) as string))).toBe(true);
    const listed = await command<ferry.cache.v1.VolumeList>('list-volumes', pb.ListVolumesRequest.create());
    expect(listed.volumes.map((v) => v.iqn)).toEqual([IQN]);
  }, 90_000);

  it('refuses the delete while an initiator is logged in, naming it, and deletes after the logout', async () => {
    // An interactive qemu-io keeps its iSCSI session until told to quit (which logs out).
    const session = spawn('qemu-io', ['-f', 'raw', url(0)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    session.stdout.on('data', (d: Buffer) => (out += d.toString()));
    session.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const quit = new Promise<number | null>((resolve) => session.once('exit', resolve));
    try {
      session.stdin.write('read -P 0xab 3M 4k\n');
      for (const deadline = Date.now() + 15_000; !out.includes('read 4096/4096'); ) {
        if (Date.now() > deadline) throw new Error(`qemu-io did not read: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const refused = await command('delete-volume', pb.DeleteVolumeRequest.create({ iqn: IQN })).catch((e: unknown) => e as Error);
      expect(refused).toBeInstanceOf(IllegalStateError);
      expect((refused as Error).message).toMatch(/session logged in from initiator iqn\.2008-11\.org\.linux-kvm/);
      expect((await describeVolume()).loggedInInitiators).toEqual([expect.stringMatching(/^iqn\.2008-11\.org\.linux-kvm/)]);
      expect(await volumeDirs()).toHaveLength(1);
    } finally {
      session.stdin.end('quit\n');
    }
    expect(await quit).toBe(0);

    // The logout and the connection's close reach the target just after qemu-io exits.
    for (const deadline = Date.now() + 10_000; (await describeVolume()).loggedInInitiators.length > 0; ) {
      if (Date.now() > deadline) throw new Error('the session is still logged in 10 s after qemu-io quit');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await command('delete-volume', pb.DeleteVolumeRequest.create({ iqn: IQN }))).toMatchObject({ iqn: IQN });
    await expect(describeVolume()).rejects.toThrow(NotFoundError);
    expect((await run('iscsi-inq', [url(0)])).code).not.toBe(0);
    expect(await volumeDirs()).toEqual([]);

    // Deleted for good: a restart does not bring it back.
    expect(await service.stop()).toBe(0);
    await service.start();
    expect((await command<ferry.cache.v1.VolumeList>('list-volumes', pb.ListVolumesRequest.create())).volumes).toEqual([]);
  }, 60_000);

  it('never printed the CHAP secret', () => {
    const log = service.log();
    expect(log).toContain(`volume ${IQN} created`);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(STATIC_CHAP.secret);
  });
});
