import type { BlockSource } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';
import type { VsphereClient } from '@ferry/vsphere';
import { NfcExportSource } from './nfc-export-source';
import { parseNfcLocator } from './nfc-locator';

/**
 * Opens an NFC export locator. A device URL is read with the vCenter session cookie when a vCenter
 * is configured (ESXi accepts it for the lease's URLs), else without one.
 */
export async function openNfcLocator(locator: string, vcenter?: () => Promise<VsphereClient>): Promise<BlockSource> {
  const parsed = parseNfcLocator(locator);
  if (parsed.kind === 'vm') {
    throw new ValidationError('disk.locator', `"${locator}": exporting a VM by moref is not served yet; take the lease elsewhere and pass its device URL as nfc:<url>#thumbprint=<hex>`);
  }
  const client = vcenter === undefined ? undefined : await vcenter();
  return NfcExportSource.open({ url: parsed.url, disk: parsed.disk, cookie: () => client?.transport.sessionCookie }, { thumbprint: parsed.thumbprint });
}
