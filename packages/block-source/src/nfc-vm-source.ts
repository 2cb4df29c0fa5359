import type { BlockSource, DiskExtent } from '@ferry/block-pipeline';
import { IllegalStateError, ValidationError } from '@ferry/errors';
import { readProperty, str, type VsphereClient } from '@ferry/vsphere';
import { NfcExportSource } from './nfc-export-source';
import type { NfcVmLocator } from './nfc-locator';
import { holdExport, type ExportHold } from './nfc-vm-lease';

/** Options of a VM export source. */
export interface NfcVmSourceOptions {
  /**
   * Milliseconds without reads after which the lease hold is given back (completing the lease
   * once every disk of the VM was read to its end). A later read takes a new lease. Default 5 s.
   */
  idleMs?: number;
}

interface Opened {
  hold: ExportHold;
  source: NfcExportSource;
}

/**
 * A disk of a powered-off VM read through vCenter's ExportVm (`nfc-vm:<vm>/<disk index>`). The
 * block server keeps sources open between transfers, so the source gives its lease back by
 * itself when reads stop: a finished copy completes the lease within `idleMs` instead of holding
 * the VM locked (and keeping the lease alive) until the service stops.
 */
export class NfcVmSource implements BlockSource {
  private current: Promise<Opened> | undefined;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly client: VsphereClient,
    private readonly locator: NfcVmLocator,
    private readonly idleMs: number,
    private readonly vmName: string,
    readonly virtualSize: number,
    first: Opened,
  ) {
    this.current = Promise.resolve(first);
    this.armIdle();
  }

  static async open(client: VsphereClient, locator: NfcVmLocator, options: NfcVmSourceOptions = {}): Promise<NfcVmSource> {
    const name = str(await readProperty(client, { type: 'VirtualMachine', value: locator.vm }, 'name')) ?? locator.vm;
    const first = await openDisk(client, locator, name);
    return new NfcVmSource(client, locator, options.idleMs ?? 5_000, name, first.source.virtualSize, first);
  }

  async *extents(): AsyncIterable<DiskExtent> {
    const opened = await this.ensure();
    yield* opened.source.extents();
  }

  async read(offset: number, length: number): Promise<Buffer> {
    this.active++;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    try {
      const opened = await this.ensure();
      return await opened.source.read(offset, length);
    } finally {
      this.active--;
      this.armIdle();
    }
  }

  private ensure(): Promise<Opened> {
    if (this.closed) throw new IllegalStateError(`${describeDisk(this.locator, this.vmName)}: the source is closed`);
    if (this.current === undefined) {
      const opening = openDisk(this.client, this.locator, this.vmName).then(async (opened) => {
        if (opened.source.virtualSize === this.virtualSize) return opened;
        await opened.source.close();
        throw new IllegalStateError(`${describeDisk(this.locator, this.vmName)}: a new export lease serves ${opened.source.virtualSize} bytes where the first served ${this.virtualSize}; the disk changed during the migration, start the disk copy again`);
      });
      opening.catch(() => {
        if (this.current === opening) this.current = undefined;
      });
      this.current = opening;
    }
    return this.current;
  }

  private armIdle(): void {
    if (this.active > 0 || this.closed || this.current === undefined) return;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.giveBack(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Closes the open export (which releases the lease hold); the next read opens a new one. */
  private async giveBack(): Promise<void> {
    const opened = this.current;
    this.current = undefined;
    await opened?.then((o) => o.source.close(), () => undefined).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    await this.giveBack();
  }
}

function describeDisk(locator: NfcVmLocator, vmName: string): string {
  return `disk ${locator.diskIndex} of VM "${vmName}" (${locator.vm})`;
}

/** Takes the VM's lease and opens the first pass over the disk's device URL. */
async function openDisk(client: VsphereClient, locator: NfcVmLocator, vmName: string): Promise<Opened> {
  const hold = await holdExport(client, locator.vm);
  try {
    const disks = hold.lease.devices.filter((device) => device.disk);
    const device = disks[locator.diskIndex];
    if (device === undefined) {
      throw new ValidationError('disk.locator', `nfc-vm:${locator.vm}/${locator.diskIndex}: VM "${vmName}" exports ${disks.length} disk(s) (indexes 0..${disks.length - 1}); fix the disk index`);
    }
    if (device.sslThumbprint === undefined) {
      throw new ValidationError('disk.locator', `nfc-vm:${locator.vm}/${locator.diskIndex}: the export lease names no sslThumbprint for ${device.url}, so its host cannot be pinned; pass the device URL as nfc:<url>#thumbprint=<host thumbprint>`);
    }
    const session = client.transport;
    let size = 0; // known once the stream header is read
    const source = await NfcExportSource.open(
      { url: device.url, disk: `${device.targetId ?? device.key} of VM "${vmName}" (${locator.vm})`, cookie: () => session.sessionCookie },
      {
        thumbprint: device.sslThumbprint,
        // Progress is approximate (compressed bytes against the disk size); it keeps the lease alive.
        onBytes: (bytes) => hold.lease.note(size === 0 ? 0 : Math.min(99, (bytes * 100) / size)),
        onClose: (completed) => hold.release(completed),
      },
    );
    size = source.virtualSize;
    return { hold, source };
  } catch (error) {
    await hold.release(false);
    throw error;
  }
}
