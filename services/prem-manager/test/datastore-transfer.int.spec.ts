import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, qemuCompare, startVcsim, type VcsimInstance } from '@ferry/testing';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

describe('a transfer whose source is a flat disk on a vCenter datastore (HTTPS /folder with Range)', () => {
  let vcsim: VcsimInstance;
  let plane: DataPlane;
  beforeAll(async () => {
    vcsim = await startVcsim();
    plane = await startDataPlane({
      esxiEnv: { VCENTER_URL: vcsim.sdkUrl, VCENTER_USER: vcsim.username, VCENTER_PASSWORD: vcsim.password, VCENTER_THUMBPRINT: vcsim.thumbprint },
    });
  });
  afterAll(async () => {
    await plane?.stop();
    await vcsim?.stop();
  });

  it('reads the datastore file by ranges and the target equals it', async () => {
    const datastore = vcsim.datastores[0]!;
    const local = join(plane.sourceDir, 'flat.raw');
    await makeSourceRaw(local, 24 * MiB, mixedRegions(24 * MiB));
    await copyFile(local, join(datastore.path, 'vm-ds-flat.vmdk'));
    const target = join(plane.targetDir, 'from-datastore.raw');
    const id = { migrationId: 'mig-ds', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `datastore:DC0/${datastore.name}/vm-ds-flat.vmdk`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(local, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(status.wireBytes)).toBeLessThan(12 * MiB); // zero chunks found on read travel without payload, text compressed
  });

  it('names a missing datastore file clearly', async () => {
    const id = { migrationId: 'mig-ds-missing', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `datastore:DC0/${vcsim.datastores[0]!.name}/nope-flat.vmdk`, targetPath: join(plane.targetDir, 'nope.raw'), mode: TransferMode.TRANSFER_MODE_FULL });
    await expect(waitForTransfer(plane, id, 30_000)).rejects.toThrow(/nope-flat\.vmdk/);
  });
});
