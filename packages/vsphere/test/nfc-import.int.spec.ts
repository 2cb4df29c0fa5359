import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { IntegrityError, UnavailableError } from '@ferry/errors';
import { makeSourceRaw, makeTempDir, qemuCompare, qemuImg, startVcsim, urandom, type VcsimInstance } from '@ferry/testing';
import { arr, at, defaultPlacement, importDisk, num, readProperty, str, VsphereClient, VsphereNotFoundError, type DefaultPlacement, type ImportDiskOptions } from '../src';
import { setVcsimOption } from './nfc-vm';
import { localDiskPath, postToLeaseUrl, vcsimImportLeases, writeStreamOptimized, type VcsimImportLease } from './nfc-import-helpers';

jest.setTimeout(120_000);
const MiB = 1 << 20;
// Not a multiple of 1 MiB nor of the 64 KiB grain: the last grain is partial.
const SIZE = 9 * MiB + 7 * 512;

/** A stream that sends the first `upTo` bytes of `data` and then nothing more, without ending. */
function stallingAfter(data: Buffer, upTo: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) this.push(data.subarray(0, upTo));
      sent = true;
    },
  });
}

describe('importDisk (ImportVApp and its HttpNfcLease) against vcsim', () => {
  let vc: VcsimInstance;
  let client: VsphereClient;
  let place: DefaultPlacement;
  let dir: string;
  let cleanup: () => Promise<void>;
  let raw: string;
  let stream: Buffer;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-nfc-import-'));
    vc = await startVcsim();
    client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    place = await defaultPlacement(client);
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [
      { offset: 0, length: MiB + 4097, kind: 'random' },
      { offset: 3 * MiB + 100, length: 700_000, kind: 'text' },
      { offset: 6 * MiB - 512, length: 2 * MiB + 1, kind: 'random' },
      { offset: SIZE - 10_000, length: 10_000, kind: 'random' },
    ]);
    await writeStreamOptimized(raw, join(dir, 'source.vmdk'));
    stream = await readFile(join(dir, 'source.vmdk'));
  });
  afterAll(async () => {
    await client?.logout();
    await vc?.stop();
    await cleanup?.();
  });

  const target = (name: string, source: Readable, extra: Partial<ImportDiskOptions> = {}): ImportDiskOptions => ({
    name,
    resourcePool: place.resourcePool,
    datastore: vc.datastores[0]!.name,
    capacityBytes: SIZE,
    source,
    ...extra,
  });
  const leaseOf = async (vm: string): Promise<VcsimImportLease | undefined> => (await vcsimImportLeases(vc)).find((l) => l.vm === vm);
  const lastLease = async (): Promise<VcsimImportLease> => (await vcsimImportLeases(vc)).at(-1)!;
  const vmGone = async (vm: string): Promise<boolean> =>
    readProperty(client, { type: 'VirtualMachine', value: vm }, 'name').then(
      () => false,
      (error: unknown) => error instanceof VsphereNotFoundError,
    );

  it('stores the stream as a monolithicFlat disk of the VM that qemu-img finds identical to the source', async () => {
    const { vm, diskPath } = await importDisk(client, target('imported', createReadStream(join(dir, 'source.vmdk')), { sizeHint: stream.length }));
    expect(diskPath).toBe(`[${vc.datastores[0]!.name}] imported/imported.vmdk`);
    const stored = localDiskPath(vc, diskPath);
    expect(await qemuCompare(raw, stored, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: true });
    const info = JSON.parse(await qemuImg('info', '--output=json', stored)) as { 'virtual-size': number; 'format-specific': { data: { 'create-type': string } } };
    expect(info).toMatchObject({ 'virtual-size': SIZE, 'format-specific': { data: { 'create-type': 'monolithicFlat' } } });
    const disks = arr(at(await readProperty(client, vm, 'config.hardware.device'), 'VirtualDevice')).filter((d) => str(at(d, '$type')) === 'VirtualDisk');
    expect(disks.map((d) => num(at(d, 'capacityInBytes')))).toEqual([SIZE]);
    expect(await leaseOf(vm.value)).toMatchObject({ state: 'done', files: [stored] });
  });

  it('a body that is not a streamOptimized VMDK is refused: IntegrityError naming HTTP 400, no file, no VM, lease in error', async () => {
    const failure = await importDisk(client, target('garbage', Readable.from([await urandom(300_000)]))).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrityError);
    expect((failure as Error).message).toMatch(/"garbage".*HTTP 400.*not a streamOptimized VMDK.*"KDMV".*createVmdkWriter/);
    const lease = await lastLease();
    expect(lease).toMatchObject({ state: 'error', error: expect.stringMatching(/HTTP 400/) as unknown });
    expect(lease.files.some((f) => existsSync(f))).toBe(false);
    expect(existsSync(join(vc.datastores[0]!.path, 'garbage'))).toBe(false);
    expect(await vmGone(lease.vm)).toBe(true);
  });

  it('a truncated stream is refused the same way (qemu-img cannot read it)', async () => {
    const failure = await importDisk(client, target('truncated', Readable.from([stream.subarray(0, stream.length - 2048)]))).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrityError);
    expect((failure as Error).message).toMatch(/HTTP 400.*qemu-img/);
    expect((await lastLease()).files.some((f) => existsSync(f))).toBe(false);
  });

  it('aborting mid-upload (signal) rejects with the reason, leaves the lease in error, its URL answering 404, and no file', async () => {
    const controller = new AbortController();
    const half = Math.floor(stream.length / 2);
    const onProgress = (sent: number): void => {
      if (sent >= half) controller.abort(new Error('operator cancelled the move'));
    };
    const failure = await importDisk(client, target('aborted', stallingAfter(stream, half), { signal: controller.signal, onProgress })).then(() => undefined, (error: unknown) => error);
    expect((failure as Error).message).toBe('operator cancelled the move');
    const lease = await lastLease();
    expect(lease).toMatchObject({ state: 'error', error: 'operator cancelled the move' });
    expect(await postToLeaseUrl(vc, lease.urls[0]!, stream)).toBe(404);
    expect(lease.files.some((f) => existsSync(f))).toBe(false);
    expect(existsSync(join(vc.datastores[0]!.path, 'aborted'))).toBe(false);
    expect(await vmGone(lease.vm)).toBe(true);
  });

  describe('with a 2-second lease timeout', () => {
    beforeAll(() => setVcsimOption(client, 'vcsim.nfc.leaseTimeout', '2'));
    afterAll(() => setVcsimOption(client, 'vcsim.nfc.leaseTimeout', '300'));

    it('without progress the lease times out mid-upload: the upload is cut and the error says the lease timed out', async () => {
      const failure = await importDisk(client, target('stalled', stallingAfter(stream, 64 * 1024), { keepAliveMs: 60_000 })).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(UnavailableError);
      expect((failure as Error).message).toMatch(/"stalled" was cut: import lease lease-import-\d+ ended .*timed out.*retry the import/);
      const lease = await lastLease();
      expect(lease.state).toBe('error');
      expect(lease.files.some((f) => existsSync(f))).toBe(false);
    });

    it('progress keeps the lease alive through an upload slower than the timeout', async () => {
      const pieces = Array.from({ length: 5 }, (_, i) => stream.subarray(Math.floor((i * stream.length) / 5), Math.floor(((i + 1) * stream.length) / 5)));
      const slow = Readable.from(
        (async function* () {
          for (const piece of pieces) {
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            yield piece;
          }
        })(),
      );
      const { diskPath } = await importDisk(client, target('slow', slow, { keepAliveMs: 500 }));
      expect(await qemuCompare(raw, localDiskPath(vc, diskPath), { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: true });
    });
  });
});
