import type { BlockSource } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';
import type { VsphereClient } from '@ferry/vsphere';
import { NfcExportSource } from './nfc-export-source';
import { parseNfcLocator } from './nfc-locator';
import { NfcVmSource } from './nfc-vm-source';

/**
 * Opens an NFC export locator. `nfc-vm:` runs the VM's export lease itself (needs a vCenter). A
 * device URL is read with the vCenter session cookie when a vCenter is configured (ESXi accepts
 * it for the lease's URLs), else without one.
 */
export async function openNfcLocator(locator: string, vcenter?: () => Promise<VsphereClient>): Promise<BlockSource> {
  const parsed = parseNfcLocator(locator);
  if (parsed.kind === 'vm') {
    if (vcenter === undefined) throw new ValidationError('disk.locator', `"${locator}" exports a VM through vCenter; set VCENTER_URL, VCENTER_USER and VCENTER_PASSWORD`);
    return NfcVmSource.open(await vcenter(), parsed);
  }
  const client = vcenter === undefined ? undefined : await vcenter();
  return NfcExportSource.open({ url: parsed.url, disk: parsed.disk, cookie: () => client?.transport.sessionCookie }, { thumbprint: parsed.thumbprint });
}
