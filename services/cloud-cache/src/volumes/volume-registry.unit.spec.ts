/**
 * Every refusal of create-volume (and of delete while logged in): a clear error naming the field and
 * the fix, no secret in it, and nothing made: no directory under the registry's root, no target on
 * the portal. The portal is the real one (not listening); the migration check is a function.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalStateError, NotFoundError, ValidationError } from '@ferry/errors';
import { IscsiPortal } from '../iscsi/portal';
import { Session } from '../iscsi/session';
import { defaultParams, DEFAULT_PREFERENCES } from '../iscsi/session-params';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import type { CreateVolumeInput } from './volume-definition';
import { VolumeRegistry } from './volume-registry';

const SECRET = 'sesame-secret-1';
const IQN = 'iqn.2026-12.io.ferry:vm-1';
const zeros: RemoteFetcherFactory = (s) => ({ size: s.virtualSize, fetch: async () => Buffer.alloc(s.chunkSize), close: async () => undefined });

const valid = (): CreateVolumeInput => ({
  iqn: IQN,
  luns: [{ lun: 0, virtualSize: 8 << 20, chunkSize: 1 << 20, migrationId: 'm-1', diskId: 'disk-0' }],
  chap: { user: 'alice', secret: SECRET, mutualUser: '', mutualSecret: '' },
  requestId: 'req-1',
});

type Case = [string, (c: CreateVolumeInput) => void, new (...a: never[]) => Error, RegExp];
const lun0 = (c: CreateVolumeInput): CreateVolumeInput['luns'][number] => c.luns[0] as CreateVolumeInput['luns'][number];

const refusals: Case[] = [
  ['an unknown migration', (c) => (lun0(c).migrationId = 'm-unknown'), NotFoundError, /migration "m-unknown" has no events on ferry\.evt\.migration\.m-unknown/],
  ['an IQN that is not an iSCSI name', (c) => (c.iqn = 'vm-1'), ValidationError, /^iqn: "vm-1" is not an iSCSI name/],
  ['an IQN with upper case', (c) => (c.iqn = 'iqn.2026-12.io.ferry:VM-1'), ValidationError, /^iqn: .*lower case/],
  ['an IQN with a bad date', (c) => (c.iqn = 'iqn.2026-13.io.ferry:vm'), ValidationError, /^iqn: /],
  ['virtual size 0', (c) => (lun0(c).virtualSize = 0), ValidationError, /^luns\[0\]\.virtual_size: 0 is not a positive size/],
  ['virtual size over 64 TiB', (c) => (lun0(c).virtualSize = 64 * 2 ** 40 + 512), ValidationError, /^luns\[0\]\.virtual_size: .* over 64 TiB/],
  ['virtual size not a multiple of 512', (c) => (lun0(c).virtualSize = (8 << 20) + 100), ValidationError, /^luns\[0\]\.virtual_size: 8388708 is not a multiple of 512/],
  ['chunk size not a power of two', (c) => (lun0(c).chunkSize = 3 << 20), ValidationError, /^luns\[0\]\.chunk_size: 3145728 is not a power of two from 4096/],
  ['chunk size under 4 KiB', (c) => (lun0(c).chunkSize = 2048), ValidationError, /^luns\[0\]\.chunk_size: 2048 /],
  ['chunk size over 64 MiB', (c) => (lun0(c).chunkSize = 128 << 20), ValidationError, /^luns\[0\]\.chunk_size: 134217728 /],
  ['too many chunks', (c) => Object.assign(lun0(c), { virtualSize: 64 * 2 ** 40, chunkSize: 4096 }), ValidationError, /^luns\[0\]\.chunk_size: .*use at least 1048576/],
  ['duplicate LUN numbers', (c) => c.luns.push({ ...lun0(c), diskId: 'disk-1' }), ValidationError, /^luns\[1\]\.lun: LUN 0 is given twice/],
  ['an empty LUN list', (c) => (c.luns = []), ValidationError, /^luns: is empty/],
  ['a LUN number out of range', (c) => (lun0(c).lun = 16384), ValidationError, /^luns\[0\]\.lun: 16384 is out of range/],
  ['a migration id that is no subject token', (c) => (lun0(c).migrationId = 'm.1'), ValidationError, /^luns\[0\]\.migration_id: "m\.1"/],
  ['an empty disk id', (c) => (lun0(c).diskId = ''), ValidationError, /^luns\[0\]\.disk_id: /],
  ['no CHAP', (c) => (c.chap = undefined), ValidationError, /^chap: is missing/],
  ['a CHAP secret of 11 characters', (c) => ((c.chap as { secret: string }).secret = 'short-secre'), ValidationError, /^chap\.secret: is 11 characters; .*12 to 16 characters \(RFC 7143/],
  ['a CHAP secret of 17 characters', (c) => ((c.chap as { secret: string }).secret = 'much-too-long-sec'), ValidationError, /^chap\.secret: is 17 characters; .*at most 16/],
  ['an empty CHAP user', (c) => ((c.chap as { user: string }).user = ''), ValidationError, /^chap\.user: /],
  ['a mutual user without its secret', (c) => ((c.chap as { mutualUser: string }).mutualUser = 'cache'), ValidationError, /^chap\.mutual_secret: is empty/],
  ['a short mutual secret', (c) => Object.assign(c.chap as object, { mutualUser: 'cache', mutualSecret: 'tiny' }), ValidationError, /^chap\.mutual_secret: is 4 characters/],
  ['the same secret both ways', (c) => Object.assign(c.chap as object, { mutualUser: 'cache', mutualSecret: SECRET }), ValidationError, /^chap\.mutual_secret: is the same as chap\.secret/],
  ['an allowed initiator that is no iSCSI name', (c) => (c.initiators = ['iqn.2024-01.io.ferry:esx-1', 'esx-2']), ValidationError, /^initiators\[1\]: "esx-2" is not an iSCSI name/],
];

describe('VolumeRegistry refusals', () => {
  let root: string;
  let portal: IscsiPortal;
  let registry: VolumeRegistry;
  const asked: string[] = [];

  beforeEach(async () => {
    root = join(await mkdtemp(join(tmpdir(), 'ferry-volumes-')), 'volumes');
    portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] });
    asked.length = 0;
    const migrationKnown = async (id: string): Promise<boolean> => {
      asked.push(id);
      return id === 'm-1';
    };
    registry = new VolumeRegistry({ root, fetchers: zeros, migrationKnown, portal, now: () => 1_700_000_000_000 });
  });

  afterEach(async () => {
    await registry.close();
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  const entries = async (): Promise<string[]> => readdir(root).catch(() => []);

  it.each(refusals)('refuses %s and makes nothing', async (_name, mutate, type, message) => {
    const input = valid();
    mutate(input);
    const error = await registry.create(input).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(type);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(SECRET);
    expect(await entries()).toEqual([]);
    expect(portal.targets()).toEqual([]);
    expect(registry.list()).toEqual([]);
  });

  it('does not ask JetStream about a command that fails validation', async () => {
    await expect(registry.create({ ...valid(), luns: [] })).rejects.toThrow(ValidationError);
    expect(asked).toEqual([]);
  });

  it('refuses a duplicate IQN and keeps the first volume as it was', async () => {
    await registry.create(valid());
    const before = await entries();
    const again = { ...valid(), requestId: 'req-2', luns: [{ ...lun0(valid()), diskId: 'disk-9' }] };
    await expect(registry.create(again)).rejects.toThrow(new IllegalStateError(`volume ${IQN} already exists (created at 2023-11-14T22:13:20.000Z); choose another IQN, or delete it first (ferry.cmd.cloud-cache.delete-volume)`));
    expect(await entries()).toEqual(before);
    expect(registry.describe(IQN).luns.map((l) => l.diskId)).toEqual(['disk-0']);
  });

  it('answers a retried create (same request id, same definition) with the volume already made', async () => {
    const first = await registry.create(valid());
    expect(await registry.create(valid())).toEqual(first);
    expect(await entries()).toHaveLength(1);
  });

  it('serves the allow list it was given (in lower case) on the target, reports it, and keeps it across a restore', async () => {
    const logs: string[] = [];
    await registry.close();
    registry = new VolumeRegistry({ root, fetchers: zeros, migrationKnown: async () => true, portal, now: () => 1_700_000_000_000, log: (m) => logs.push(m) });
    const status = await registry.create({ ...valid(), initiators: ['iqn.2024-01.io.ferry.cloud-host:ESX-1'] });
    expect(status.allowedInitiators).toEqual(['iqn.2024-01.io.ferry.cloud-host:esx-1']);
    expect(portal.target(IQN)?.auth).toMatchObject({ kind: 'chap', user: 'alice', initiators: ['iqn.2024-01.io.ferry.cloud-host:esx-1'] });
    expect(logs.join('\n')).toContain(`volume ${IQN} created: `);
    expect(logs.join('\n')).toContain('only initiators iqn.2024-01.io.ferry.cloud-host:esx-1');
    expect(logs.join('\n')).not.toContain('WARNING');
    await registry.close();
    portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] });
    registry = new VolumeRegistry({ root, fetchers: zeros, migrationKnown: async () => true, portal, now: () => 0 });
    expect(await registry.restore()).toBe(1);
    expect(registry.describe(IQN).allowedInitiators).toEqual(['iqn.2024-01.io.ferry.cloud-host:esx-1']);
    expect(portal.target(IQN)?.auth).toMatchObject({ initiators: ['iqn.2024-01.io.ferry.cloud-host:esx-1'] });
  });

  it('warns, naming the volume and the fix, when a volume is made without an allow list; a retry with another list is refused', async () => {
    const logs: string[] = [];
    await registry.close();
    registry = new VolumeRegistry({ root, fetchers: zeros, migrationKnown: async () => true, portal, now: () => 1_700_000_000_000, log: (m) => logs.push(m) });
    await registry.create(valid());
    expect(portal.target(IQN)?.auth).not.toHaveProperty('initiators');
    expect(logs).toContain(`WARNING: volume ${IQN} has no initiator allow list: any initiator that knows its CHAP secret may log in; give "initiators" (the cloud hosts' iSCSI names) in create-volume to limit it`);
    await expect(registry.create({ ...valid(), initiators: ['iqn.2024-01.io.ferry:esx-1'] })).rejects.toThrow(IllegalStateError);
  });

  it('refuses an IQN served from CACHE_TARGETS', async () => {
    portal.addTarget({ name: IQN, auth: { kind: 'none' }, luns: new Map() });
    await expect(registry.create(valid())).rejects.toThrow(/already served \(from CACHE_TARGETS\)/);
    expect(await entries()).toEqual([]);
  });

  it('refuses to delete a volume an initiator is logged in to, naming the initiator', async () => {
    await registry.create(valid());
    const initiator = 'iqn.1994-05.com.redhat:guest-1';
    const session = portal.addSession((tsih) => new Session(tsih, '000000000001', initiator, IQN, 'Normal', defaultParams(DEFAULT_PREFERENCES), 1));
    await expect(registry.delete(IQN)).rejects.toThrow(new IllegalStateError(`volume ${IQN} has an iSCSI session logged in from initiator ${initiator}; log it out (or power the VM off), then delete again`));
    expect(portal.target(IQN)).toBeDefined();
    expect(await entries()).toHaveLength(1);
    portal.removeSession(session);
    await registry.delete(IQN);
    expect(portal.target(IQN)).toBeUndefined();
    expect(await entries()).toEqual([]);
  });

  it('answers describe, delete and written-chunks of an unknown volume with NotFoundError', async () => {
    expect(() => registry.describe(IQN)).toThrow(NotFoundError);
    expect(() => registry.writtenChunks(IQN, 0)).toThrow(NotFoundError);
    await expect(registry.delete(IQN)).rejects.toThrow(NotFoundError);
  });
});
