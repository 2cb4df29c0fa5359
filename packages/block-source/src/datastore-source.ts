import { getDatastoreFile, getDatastoreFileStream, type DatastoreFile, type VsphereClient } from '@ferry/vsphere';
import type { BlockSource, DiskExtent } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';

/**
 * Parses "datastore:<datacenter>/<datastore>/<path inside the datastore>", for example
 * "datastore:DC0/LocalDS_0/vm1/vm1-flat.vmdk".
 */
export function parseDatastoreLocator(locator: string): DatastoreFile {
  const match = /^datastore:([^/]+)\/([^/]+)\/(.+)$/.exec(locator);
  if (match === null) throw new ValidationError('disk.locator', `"${locator}" is not datastore:<datacenter>/<datastore>/<path>`);
  return { datacenter: match[1]!, datastore: match[2]!, path: match[3]! };
}

const DESCRIPTOR_EXTENT = /^(?:RW|RDONLY)\s+\d+\s+(?:FLAT|VMFS)\s+"([^"/]+)"/m;

/** The flat extent a small VMDK descriptor names (in the same folder); any other file is itself. */
async function flatExtentOf(client: VsphereClient, file: DatastoreFile): Promise<DatastoreFile> {
  if (!file.path.endsWith('.vmdk') || file.path.endsWith('-flat.vmdk')) return file;
  const head = await getDatastoreFile(client, file, { start: 0, end: 4095 });
  const text = head.toString('latin1');
  if (!text.startsWith('# Disk DescriptorFile')) return file;
  const extent = DESCRIPTOR_EXTENT.exec(text)?.[1];
  if (extent === undefined) {
    throw new ValidationError('disk.locator', `[${file.datastore}] ${file.path} is a VMDK descriptor without one flat extent; only monolithicFlat/VMFS disks are read over /folder (name the disk's -flat.vmdk, or use an NFC export)`);
  }
  return { ...file, path: file.path.slice(0, file.path.lastIndexOf('/') + 1) + extent };
}

/**
 * A flat disk file (raw bytes: a -flat.vmdk or a raw image) read from a vCenter datastore over
 * HTTPS /folder with Range requests. HTTP gives no allocation map, so the whole file is one
 * allocated extent; the block server finds zero chunks when it reads them.
 */
export class DatastoreRangeSource implements BlockSource {
  private constructor(
    private readonly client: VsphereClient,
    private readonly file: DatastoreFile,
    readonly virtualSize: number,
  ) {}

  /** `file` may name a monolithicFlat/VMFS descriptor (as a snapshot's disk does): its flat extent is read. */
  static async open(client: VsphereClient, named: DatastoreFile): Promise<DatastoreRangeSource> {
    const file = await flatExtentOf(client, named);
    const probe = await getDatastoreFileStream(client, file, { start: 0, end: 0 });
    probe.resume();
    const range = String((probe as unknown as { headers: Record<string, string | undefined> }).headers['content-range'] ?? '');
    const size = Number(/\/(\d+)$/.exec(range)?.[1] ?? NaN);
    if (!Number.isSafeInteger(size) || size <= 0) {
      throw new ValidationError('disk.locator', `[${file.datastore}] ${file.path}: the server sent no usable Content-Range ("${range}"); it must support HTTP Range on /folder`);
    }
    return new DatastoreRangeSource(client, file, size);
  }

  async *extents(): AsyncIterable<DiskExtent> {
    yield { offset: 0, length: this.virtualSize, allocated: true };
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const data = await getDatastoreFile(this.client, this.file, { start: offset, end: offset + length - 1 });
    if (data.length !== length) {
      throw new ValidationError('read', `[${this.file.datastore}] ${this.file.path}: asked bytes ${offset}+${length}, got ${data.length}`);
    }
    return data;
  }

  async close(): Promise<void> {
    // The vCenter session belongs to the service and outlives one disk.
  }
}
