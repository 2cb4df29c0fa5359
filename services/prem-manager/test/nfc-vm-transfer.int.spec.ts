import { join } from 'node:path';
import { qemuCompare, startVcsim, type VcsimInstance } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';
import { makeVmWithDisks } from '../../../packages/vsphere/test/nfc-vm';
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
    const size = 20 * MiB + 4096;
    const { vm, disks } = await makeVmWithDisks(client, vcsim, plane.sourceDir, 'nfc-vm', [{ size, regions: mixedRegions(size) }], 'pvscsi');
    const target = join(plane.targetDir, 'from-export.raw');
    const id = { migrationId: 'mig-nfc-vm', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `nfc-vm:${vm.value}/0`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, id);
    expect(await qemuCompare(disks[0]!.raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });
});
