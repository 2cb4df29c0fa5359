/**
 * The refusals of move-volume that need no vCenter, on a real registry (portal not listening) with
 * real cache volumes: no cloud vCenter configured, no such volume or LUN, a LUN not hydrated, a move
 * of the LUN already running, empty fields, a request id reused for another move. The vCenter side
 * (placement and the NFC import) is replaced by functions here; move-volume against vcsim is in
 * test/warm-move-to-storage.e2e.spec.ts.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalStateError, NotFoundError, ValidationError } from '@ferry/errors';
import { loadConfig } from '@ferry/service-kit';
import { VsphereNotFoundError, type MoRef, type VsphereClient } from '@ferry/vsphere';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import { config as cacheConfig } from '../config';
import { IscsiPortal } from '../iscsi/portal';
import { cloudVcenterOf, type CloudVcenter } from '../storage/cloud-vcenter';
import type { Placement } from '../storage/placement-choice';
import { VolumeMover, type MoveVolumeInput, type VolumeMoverDeps } from './volume-mover';
import { VolumeRegistry } from './volume-registry';

const MiB = 1 << 20;
const IQN = 'iqn.2026-12.io.ferry:vm-move';
const zeros: RemoteFetcherFactory = (s) => ({ size: s.virtualSize, fetch: async () => Buffer.alloc(s.chunkSize), close: async () => undefined });
const POOL: Placement = { resourcePool: { type: 'ResourcePool', value: 'resgroup-8' }, resourcePoolPath: '/DC0/host/C0/Resources', datastore: 'LocalDS_0' };

/** A logged-in session that only logs out (the mover's own use of it). */
const session = (): VsphereClient => ({ logout: async () => undefined }) as unknown as VsphereClient; // a stand-in: placement and import are replaced too
const vcenter: CloudVcenter = { url: 'https://cloud.test/sdk', username: 'mover', connect: async () => session() };

const input = (over: Partial<MoveVolumeInput> = {}): MoveVolumeInput => ({
  iqn: IQN, lun: 0, vmName: 'vm-42-moved', datastore: 'LocalDS_0', resourcePool: '', folder: '', requestId: 'move-1', ...over,
});

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('VolumeMover', () => {
  let dir: string;
  let registry: VolumeRegistry;
  let lines: string[];
  let moves: Array<{ name: string; datastore: string; resourcePool: MoRef }>;
  let during: (() => Promise<void>) | undefined;

  const mover = (over: Partial<VolumeMoverDeps> = {}): VolumeMover =>
    new VolumeMover({
      volumes: () => registry,
      vcenter,
      tempDir: join(dir, 'staging'),
      now: Date.now,
      log: (line) => lines.push(line),
      placement: async () => POOL,
      move: async (_volume, target) => {
        moves.push({ name: target.name, datastore: target.datastore, resourcePool: target.resourcePool });
        await during?.();
        return { vm: { type: 'VirtualMachine', value: `vm-${moves.length}` }, diskPath: `[${target.datastore}] ${target.name}/${target.name}.vmdk` };
      },
      ...over,
    });

  const hydrate = async (): Promise<void> => {
    const volume = registry.volumeOf(`${IQN}/0`)!;
    for (let i = 0; i < volume.chunkCount; i++) await volume.hydrate(i);
  };
  const refusal = (m: VolumeMover, i: MoveVolumeInput): Promise<Error> => m.move(i).then(() => new Error('expected a refusal'), (e: unknown) => e as Error);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-mover-'));
    registry = new VolumeRegistry({ root: join(dir, 'volumes'), fetchers: zeros, migrationKnown: async () => true, portal: new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] }), now: Date.now });
    await registry.create({
      iqn: IQN,
      luns: [{ lun: 0, virtualSize: 8 * MiB, chunkSize: MiB, migrationId: 'm-1', diskId: 'disk-0' }],
      chap: { user: 'alice', secret: 'sesame-secret-1', mutualUser: '', mutualSecret: '' },
      requestId: 'create-1',
    });
    lines = [];
    moves = [];
    during = undefined;
  });

  afterEach(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses every move when CLOUD_VCENTER_URL is not set, naming the variables', async () => {
    await hydrate();
    const error = await refusal(mover({ vcenter: undefined }), input());
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.message).toMatch(/^CLOUD_VCENTER_URL is not set, so this cloud cache cannot move volumes to storage; set CLOUD_VCENTER_URL, CLOUD_VCENTER_USERNAME, /);
    expect(moves).toEqual([]);
  });

  it('refuses an unknown volume and an unknown LUN with NotFoundError', async () => {
    expect(await refusal(mover(), input({ iqn: 'iqn.2026-12.io.ferry:nope' }))).toBeInstanceOf(NotFoundError);
    const lun = await refusal(mover(), input({ lun: 3 }));
    expect(lun).toBeInstanceOf(NotFoundError);
    expect(lun.message).toBe(`volume ${IQN} has no LUN 3; its LUNs are 0`);
  });

  it('refuses a LUN that is not fully present, saying how many chunks are', async () => {
    const volume = registry.volumeOf(`${IQN}/0`)!;
    await volume.write(3 * MiB + 512, Buffer.alloc(4096, 1), false);
    const error = await refusal(mover(), input());
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.message).toBe(
      `LUN 0 of volume ${IQN} is not hydrated: 1 of 8 chunks present; hydrate it first (StartTransfer with target_format "cache" and target_path ${IQN}/0), then move it`,
    );
    expect(moves).toEqual([]);
  });

  it.each([
    ['an empty vm_name', { vmName: ' ' }, /^vm_name: is empty/],
    ['a vm_name over 80 characters', { vmName: 'v'.repeat(81) }, /^vm_name: is 81 characters; vSphere takes at most 80$/],
    ['an empty datastore', { datastore: '' }, /^datastore: is empty/],
    ['an empty iqn', { iqn: '' }, /^iqn: is empty/],
  ])('refuses %s with ValidationError', async (_what, over, message) => {
    const error = await refusal(mover(), input(over));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(message);
  });

  it('moves a hydrated LUN, counting only chunks first written during the move', async () => {
    const volume = registry.volumeOf(`${IQN}/0`)!;
    await volume.write(0, Buffer.alloc(4096, 7), false);
    await hydrate();
    // During the move: chunk 0 again (already written), chunks 5 and 6 for the first time.
    during = async () => {
      await volume.write(100, Buffer.alloc(10, 1), false);
      await volume.write(5 * MiB, Buffer.alloc(MiB + 1, 2), false);
    };
    const moved = await mover().move(input());
    expect(moved).toMatchObject({ iqn: IQN, lun: 0, vm: 'vm-1', diskPath: '[LocalDS_0] vm-42-moved/vm-42-moved.vmdk', bytes: 8 * MiB, chunksWrittenDuringMove: 2 });
    expect(moved.seconds).toBeGreaterThanOrEqual(0);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^moved volume ${IQN} LUN 0 to VM "vm-42-moved": \\[LocalDS_0\\] vm-42-moved/vm-42-moved.vmdk \\(vm-1, pool /DC0/host/C0/Resources\\), 8388608 bytes in \\d+\\.\\d s; 2 chunk\\(s\\) first written`))]);
  });

  it('refuses a second move of a LUN that is moving; the same request id waits for the first and gets its reply', async () => {
    await hydrate();
    const gate = deferred();
    during = () => gate.promise;
    const m = mover();
    const first = m.move(input());
    const other = await refusal(m, input({ requestId: 'move-2', vmName: 'elsewhere' }));
    expect(other).toBeInstanceOf(IllegalStateError);
    expect(other.message).toMatch(new RegExp(`^LUN 0 of volume ${IQN} is already moving to VM "vm-42-moved" \\(since .*\\); wait for that move to answer`));
    // Nor may the volume be deleted under the move.
    expect(() => m.refuseIfMoving(IQN, 'delete')).toThrow(new RegExp(`^cannot delete volume ${IQN}: LUN 0 is moving to VM "vm-42-moved"`));
    const retried = m.move(input());
    gate.resolve();
    const [a, b] = await Promise.all([first, retried]);
    expect(b).toEqual(a);
    expect(moves).toHaveLength(1);
    // Finished: the same id is answered from memory, another move of the LUN may start.
    expect(await m.move(input())).toEqual(a);
    expect(moves).toHaveLength(1);
    await expect(m.move(input({ requestId: 'move-3', vmName: 'again' }))).resolves.toMatchObject({ vm: 'vm-2' });
    expect(() => m.refuseIfMoving(IQN, 'delete')).not.toThrow();
  });

  it('refuses a request id already used for another move', async () => {
    await hydrate();
    const m = mover();
    await m.move(input());
    const error = await refusal(m, input({ vmName: 'another-vm' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`request_id: "move-1" is the id of the move of volume ${IQN} LUN 0 to VM "vm-42-moved"; give another move its own request_id`);
  });

  it('answers a failed move with the base error class, logs it, and lets the LUN be moved again', async () => {
    await hydrate();
    const fault = { faultType: 'FileNotFound', message: 'gone', method: 'ImportVApp', target: 'ResourcePool:resgroup-8', server: vcenter.url };
    const failing = mover({ move: async () => Promise.reject(new VsphereNotFoundError(fault, 'Check the datastore path')) });
    const error = await refusal(failing, input());
    expect(error.constructor).toBe(NotFoundError);
    expect(error.message).toMatch(/ImportVApp on ResourcePool:resgroup-8 failed with FileNotFound: gone/);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^move of volume ${IQN} LUN 0 to VM "vm-42-moved" failed after \\d+\\.\\d s: `))]);
    await expect(mover().move(input({ requestId: 'move-2' }))).resolves.toMatchObject({ vm: 'vm-1' });
  });

  it('removes what a crashed move left in the staging folder before the first move', async () => {
    await hydrate();
    const staging = join(dir, 'staging');
    await mkdir(join(staging, 'ferry-move-crashed'), { recursive: true });
    await writeFile(join(staging, 'ferry-move-crashed', 'vm.vmdk'), 'half a disk');
    await writeFile(join(staging, 'not-ours'), 'kept');
    await mover().move(input());
    expect(await readdir(staging)).toEqual(['not-ours']);
  });
});

describe('CLOUD_VCENTER_* and MOVE_TEMP_DIR config', () => {
  const config = { cloudVcenterUrl: 'https://cloud.test/sdk', cloudVcenterUsername: 'mover', cloudVcenterPassword: 'pa55-w0rd-x', cloudVcenterThumbprint: 'AB:'.repeat(19) + 'CD' };

  it('is off without CLOUD_VCENTER_URL', () => {
    expect(cloudVcenterOf({ ...config, cloudVcenterUrl: '' })).toBeUndefined();
  });

  it.each(['CLOUD_VCENTER_USERNAME', 'CLOUD_VCENTER_PASSWORD', 'CLOUD_VCENTER_THUMBPRINT'])('stops start-up when the URL is set without %s', (name) => {
    const key = { CLOUD_VCENTER_USERNAME: 'cloudVcenterUsername', CLOUD_VCENTER_PASSWORD: 'cloudVcenterPassword', CLOUD_VCENTER_THUMBPRINT: 'cloudVcenterThumbprint' }[name]!;
    expect(() => cloudVcenterOf({ ...config, [key]: '' })).toThrow(new ValidationError(name, 'is empty while CLOUD_VCENTER_URL=https://cloud.test/sdk is set; set it too (or unset CLOUD_VCENTER_URL to turn moves off)'));
  });

  it('reads CLOUD_VCENTER_* and MOVE_TEMP_DIR from the environment; a bad URL or thumbprint stops start-up naming it, never echoing the password', () => {
    const env = { CLOUD_VCENTER_URL: config.cloudVcenterUrl, CLOUD_VCENTER_USERNAME: 'mover', CLOUD_VCENTER_PASSWORD: config.cloudVcenterPassword, CLOUD_VCENTER_THUMBPRINT: config.cloudVcenterThumbprint };
    expect(loadConfig(cacheConfig, { ...env, MOVE_TEMP_DIR: '/srv/staging' })).toMatchObject({ ...config, moveTempDir: '/srv/staging' });
    expect(loadConfig(cacheConfig, {})).toMatchObject({ cloudVcenterUrl: '', moveTempDir: '' });
    const bad = (): unknown => loadConfig(cacheConfig, { ...env, CLOUD_VCENTER_URL: 'http://cloud.test/sdk', CLOUD_VCENTER_THUMBPRINT: 'nope', MOVE_TEMP_DIR: 'relative' });
    expect(bad).toThrow(/CLOUD_VCENTER_URL="http:\/\/cloud.test\/sdk" is invalid: expected an https:\/\/ URL/);
    expect(bad).toThrow(/CLOUD_VCENTER_THUMBPRINT="nope" is invalid/);
    expect(bad).toThrow(/MOVE_TEMP_DIR="relative" is invalid: expected an absolute path/);
    expect(bad).not.toThrow(new RegExp(config.cloudVcenterPassword));
  });

  it('keeps the password out of what it exposes', () => {
    const vc = cloudVcenterOf(config)!;
    expect(JSON.stringify(vc)).not.toContain(config.cloudVcenterPassword);
    expect(vc).toMatchObject({ url: config.cloudVcenterUrl, username: 'mover' });
  });
});
