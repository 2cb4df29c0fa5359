import { resolve, sep } from 'node:path';
import { RawFileSource, type BlockSource } from '@ferry/block-pipeline';
import { detectFormat, openDisk } from '@ferry/disk-formats';
import { ValidationError } from '@ferry/errors';
import type { VsphereClient } from '@ferry/vsphere';
import { DatastoreRangeSource, parseDatastoreLocator } from './datastore-source';
import { openNfcLocator } from './nfc-open';

/**
 * Opens source disks named by locator. "file:/abs/path" is served from the local file system
 * (raw via qemu-img's hole map, qcow2 and VMDK via @ferry/disk-formats), restricted to the
 * configured roots. Open readers are cached so a transfer's many calls share one handle.
 */
export class SourceRegistry {
  private readonly open = new Map<string, Promise<BlockSource>>();

  /** `vcenter` connects on first use of a datastore: locator; absent, such locators are refused. */
  /** `openers`: further locator schemes, by prefix, that the serving service opens itself. */
  constructor(
    private readonly roots: readonly string[],
    private readonly vcenter?: () => Promise<VsphereClient>,
    private readonly openers: Readonly<Record<string, (locator: string) => Promise<BlockSource>>> = {},
  ) {}

  /** The cached reader; `fresh` reopens it (Describe does, so a replaced or grown file is seen). */
  get(locator: string, fresh = false): Promise<BlockSource> {
    let source = this.open.get(locator);
    if (source === undefined || fresh) {
      if (source !== undefined) void source.then((old) => old.close()).catch(() => undefined);
      source = this.openLocator(locator);
      this.open.set(locator, source);
      source.catch(() => this.open.delete(locator));
    }
    return source;
  }

  private async openLocator(locator: string): Promise<BlockSource> {
    const own = Object.entries(this.openers).find(([prefix]) => locator.startsWith(prefix));
    if (own !== undefined) return own[1](locator);
    if (locator.startsWith('datastore:')) {
      if (this.vcenter === undefined) throw new ValidationError('disk.locator', `"${locator}" needs a vCenter; set VCENTER_URL, VCENTER_USER and VCENTER_PASSWORD`);
      return DatastoreRangeSource.open(await this.vcenter(), parseDatastoreLocator(locator));
    }
    if (locator.startsWith('nfc:') || locator.startsWith('nfc-vm:')) return openNfcLocator(locator, this.vcenter);
    if (!locator.startsWith('file:')) {
      throw new ValidationError('disk.locator', `"${locator}" is not supported; use file:/absolute/path or datastore:<datacenter>/<datastore>/<path> or an NFC export (nfc:<device url>#thumbprint=<hex>, nfc-vm:<vm moref>/<disk index>)`);
    }
    const path = resolve(locator.slice('file:'.length));
    if (!this.roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep))) {
      throw new ValidationError('disk.locator', `${path} is outside the allowed source roots (${this.roots.join(', ')}); set SOURCE_ROOTS`);
    }
    const format = await detectFormat(path);
    if (format === 'raw') return RawFileSource.open(path);
    return openDisk(path);
  }

  async close(): Promise<void> {
    const sources = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(sources.map(async (source) => (await source).close()));
  }
}
