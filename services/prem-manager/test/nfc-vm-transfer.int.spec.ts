import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, qemuCompare, qemuImg, startVcsim, type VcsimInstance } from '@ferry/testing';
import { createVm, defaultPlacement, VsphereClient } from '@ferry/vsphere';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

describe('a transfer whose source is a powered-off VM exported through vCenter (nfc-vm:, ExportVm + HttpNfcLease)', () => {
  let vcsim: VcsimInstance;
  let client: VsphereClient;
  let plane: DataPlane;
  beforeAll(async () => {
    vcsim = await startVcsim();
    client = await VsphereClient.connect({ url: vcsim.sdkUrl, username: vcsim.username, password: vcsim.password, tls: { thumbprint: vcsim.thumbprint } });
    plane = await startDataPlane({
      esxiEnv: { VCENTER_URL: vcsim.sdkUrl, VCENTER_USER: vcsim.username, VCENTER_PASSWORD: vcsim.password, VCENTER_THUMBPRINT: vcsim.thumbprint },
    });
  });
  afterAll(async () => {
    await plane?.stop();
    await client?.logout();
    await vcsim?.stop();
  });

  it('copies the VM disk through prem-manager to cloud-manager and the target equals the source', async () => {
    const ds = vcsim.datastores[0]!;
    const size = 20 * MiB + 4096;
    const raw = join(plane.sourceDir, 'nfc-vm.raw');
    await makeSourceRaw(raw, size, mixedRegions(size));
    await mkdir(join(ds.path, 'nfc-vm'));
    await qemuImg('convert', '-q', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=monolithicFlat', raw, join(ds.path, 'nfc-vm', 'nfc-vm.vmdk'));
    const place = await defaultPlacement(client);
    const vm = await createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, {
      name: 'nfc-vm', guestId: 'otherGuest64', vmPathName: `[${ds.name}]`, numCPUs: 1, memoryMB: 256,
      addDevices: [
        { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
        { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: size / 1024, fileName: `[${ds.name}] nfc-vm/nfc-vm.vmdk` },
      ],
    });
    const target = join(plane.targetDir, 'from-export.raw');
    const id = { migrationId: 'mig-nfc-vm', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `nfc-vm:${vm.value}/0`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, id);
    expect(await qemuCompare(raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });
});
