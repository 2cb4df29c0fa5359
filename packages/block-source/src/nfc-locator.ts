import { ValidationError } from '@ferry/errors';

/** A disk served by an ESXi export device URL (HttpNfcLease), reached directly. */
export interface NfcDeviceLocator {
  kind: 'device';
  /** The device URL without the fragment (what is requested). */
  url: string;
  /** Pinned SHA-1 or SHA-256 thumbprint of the ESXi host certificate (the lease's sslThumbprint). */
  thumbprint: string;
  /** Names the disk in errors: the last path segment of the URL, e.g. "disk-0.vmdk". */
  disk: string;
}

/** A disk of a powered-off VM exported through vCenter's ExportVm (the lease is ours to run). */
export interface NfcVmLocator {
  kind: 'vm';
  /** VirtualMachine managed object id, e.g. "vm-42". */
  vm: string;
  /** Which disk device of the lease: its 0-based position among the lease's disk URLs. */
  diskIndex: number;
  disk: string;
}

export type NfcLocator = NfcDeviceLocator | NfcVmLocator;

const FORMS = 'nfc:https://<host>/nfc/<ticket>/<disk>.vmdk#thumbprint=<hex> or nfc-vm:<vm moref>/<disk index>';

/**
 * Parses the two NFC locator forms. The thumbprint travels in the URL fragment, which HTTP never
 * sends, so the device URL stays exactly what the lease handed out.
 */
export function parseNfcLocator(locator: string): NfcLocator {
  if (locator.startsWith('nfc-vm:')) {
    const match = /^nfc-vm:([A-Za-z0-9_.-]+)\/(\d+)$/.exec(locator);
    if (match === null) throw new ValidationError('disk.locator', `"${locator}" is not of the form ${FORMS}`);
    return { kind: 'vm', vm: match[1]!, diskIndex: Number(match[2]), disk: `${match[1]!} disk ${match[2]!}` };
  }
  let url: URL;
  try {
    url = new URL(locator.slice('nfc:'.length));
  } catch {
    throw new ValidationError('disk.locator', `"${locator}" is not of the form ${FORMS}`);
  }
  if (!locator.startsWith('nfc:') || url.protocol !== 'https:') throw new ValidationError('disk.locator', `"${locator}" is not of the form ${FORMS} (NFC device URLs are https)`);
  const thumbprint = new URLSearchParams(url.hash.slice(1)).get('thumbprint') ?? '';
  if (thumbprint === '') throw new ValidationError('disk.locator', `"${locator}" names no #thumbprint=<hex>; pin the ESXi host certificate (the lease's sslThumbprint)`);
  url.hash = '';
  const disk = decodeURIComponent(url.pathname.split('/').pop() ?? '') || url.pathname;
  return { kind: 'device', url: url.toString(), thumbprint, disk };
}
