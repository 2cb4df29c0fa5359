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

  static async open(client: VsphereClient, file: DatastoreFile): Promise<DatastoreRangeSource> {
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
