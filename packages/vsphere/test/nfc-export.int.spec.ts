import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '@ferry/errors';
import { makeTempDir, qemuCompare, startVcsim, type VcsimInstance } from '@ferry/testing';
import { ExportPowerStateError, exportVm, powerOn, VsphereClient, type MoRef } from '../src';
import { makeVmWithDisks, setVcsimOption, vcsimLeases, type TestDisk } from './nfc-vm';

jest.setTimeout(120_000);
const MiB = 1 << 20;

describe('ExportVm and its HttpNfcLease against vcsim', () => {
  let vc: VcsimInstance;
  let client: VsphereClient;
  let dir: string;
  let cleanup: () => Promise<void>;
  let vm: MoRef;
  let disks: TestDisk[];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-nfc-vsphere-'));
    vc = await startVcsim();
    client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    ({ vm, disks } = await makeVmWithDisks(client, vc, dir, 'export-me', [
      { size: 6 * MiB + 4096, regions: [{ offset: 0, length: MiB, kind: 'random' }, { offset: 4 * MiB, length: MiB + 4096, kind: 'random' }] },
      { size: 3 * MiB, regions: [{ offset: MiB, length: 512 * 1024, kind: 'text' }] },
    ]));
  });
  afterAll(async () => {
    await client?.logout();
    await vc?.stop();
    await cleanup?.();
  });

  it('a powered-off VM gives a ready lease with one disk URL per disk, each a streamOptimized VMDK equal to the disk', async () => {
    const lease = await exportVm(client, vm);
    try {
      expect(await lease.state()).toBe('ready');
      expect(lease.devices.map((d) => d.targetId)).toEqual(['disk-0.vmdk', 'disk-1.vmdk']);
      for (const [i, device] of lease.devices.entries()) {
        expect(device).toMatchObject({ disk: true, key: `/${vm.value}/VirtualLsiLogicController0:${i}`, sslThumbprint: vc.thumbprint });
        expect(device.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${vc.port}/nfc/[0-9a-f]+/disk-${i}\\.vmdk$`));
        const file = join(dir, `export-${i}.vmdk`);
        await pipeline(await lease.download(device), createWriteStream(file));
        expect(await qemuCompare(disks[i]!.raw, file, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: true });
      }
    } finally {
      await lease.complete();
    }
  });

  describe('with a 2-second lease timeout', () => {
    beforeAll(() => setVcsimOption(client, 'vcsim.nfc.leaseTimeout', '2'));
    afterAll(() => setVcsimOption(client, 'vcsim.nfc.leaseTimeout', '300'));

    it('progress keep-alive keeps the lease ready past its timeout', async () => {
      const lease = await exportVm(client, vm, { keepAliveMs: 500 });
      try {
        expect(lease.leaseTimeoutS).toBe(2);
        lease.note(40);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        expect(await lease.state()).toBe('ready');
        const listed = (await vcsimLeases(vc)).find((l) => l.lease === lease.lease.value);
        expect(listed).toMatchObject({ state: 'ready', progress: 40 });
        (await lease.download(lease.devices[1]!)).destroy();
      } finally {
        await lease.complete();
      }
    });

    it('without keep-alive the lease times out: state error and its URLs answer 404', async () => {
      const lease = await exportVm(client, vm, { keepAliveMs: 60_000 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 3_500));
        expect(await lease.state()).toBe('error');
        expect((await vcsimLeases(vc)).find((l) => l.lease === lease.lease.value)?.error).toMatch(/timed out/);
        await expect(lease.download(lease.devices[0]!)).rejects.toThrow(NotFoundError);
      } finally {
        await lease.abort();
      }
    });
  });

  it('complete ends the lease: state done and the disk URL then answers 404', async () => {
    const lease = await exportVm(client, vm);
    await lease.complete();
    expect(await lease.state()).toBe('done');
    const failure = await lease.download(lease.devices[0]!).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as Error).message).toMatch(/disk-0\.vmdk.*HTTP 404.*take a new lease/);
  });

  it('ExportVm on a powered-on VM fails with ExportPowerStateError naming the VM and saying to power it off', async () => {
    const { vm: running } = await makeVmWithDisks(client, vc, dir, 'running-vm', [{ size: MiB, regions: [] }]);
    await powerOn(client, running);
    const failure = await exportVm(client, running).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ExportPowerStateError);
    expect((failure as Error).message).toMatch(new RegExp(`InvalidPowerState.*"running-vm" \\(${running.value}\\) powered off`));
    expect((failure as Error).message).toMatch(/power the VM off/);
  });
});
