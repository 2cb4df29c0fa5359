/**
 * Moving a cache volume to cloud storage: once a VM's volume is hydrated (every chunk local, the
 * guest's writes included), its content becomes an ordinary VMDK on a datastore of the cloud
 * vCenter, so the VM can run from vSphere storage instead of from the cache.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityError, ValidationError } from '@ferry/errors';
import { createVmdkWriter } from '@ferry/disk-formats';
import { importDisk, type ImportedDisk, type MoRef, type VsphereClient } from '@ferry/vsphere';

/** What is moved: a volume's guest bytes (a CacheVolume is one). */
export interface StorageVolume {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** Where the volume goes: a new VM holding it as its disk, on the cloud vCenter. */
export interface StorageTarget {
  client: VsphereClient;
  /** Name of the VM (and of its datastore folder and disk file). */
  name: string;
  resourcePool: MoRef;
  /** Name of the datastore the disk is stored on. */
  datastore: string;
  /** Inventory folder of the VM (default: the datacenter's VM folder). */
  folder?: MoRef;
}

/** Options of {@link moveToStorage}. */
export interface MoveToStorageOptions {
  /** Bytes read from the volume at a time (default 4 MiB); memory holds about two of them. */
  chunkBytes?: number;
  /** Stops the move: the staged file is removed, the import aborted, the VM destroyed. */
  signal?: AbortSignal;
  /** Progress: 'pack' counts volume bytes packed (of the volume size), then 'upload' counts bytes sent (of the packed file). */
  onProgress?(bytesDone: number, total: number, phase: 'pack' | 'upload'): void;
  /** Folder the packed file is staged in (default the system temp folder); see moveToStorage. */
  tempDir?: string;
  /** How often the import lease is kept alive (default from the lease timeout). */
  keepAliveMs?: number;
}

const DEFAULT_CHUNK = 4 << 20;

/**
 * Copies a volume into a new disk on a datastore and returns the VM and datastore path of that
 * disk. The volume is read in order, `chunkBytes` at a time, through `@ferry/disk-formats`'
 * streamOptimized writer (all-zero grains cost nothing) and imported with importDisk (ImportVApp
 * and an NFC upload). That writer writes to a path, so the packed VMDK is staged as a temporary
 * file under `tempDir`, which needs room for the volume's data after deflate (at most about its
 * size), and is then uploaded with its exact length, as ESXi hosts want a Content-Length. The
 * staged file is removed whatever happens. Memory stays bounded: about two chunks plus the
 * writer's few grains, whatever the volume's size.
 */
export async function moveToStorage(volume: StorageVolume, target: StorageTarget, options: MoveToStorageOptions = {}): Promise<ImportedDisk> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 512) {
    throw new ValidationError('chunkBytes', `${chunkBytes} is not a whole number of bytes of at least 512; use e.g. ${DEFAULT_CHUNK}`);
  }
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ferry-move-'));
  try {
    const packed = join(dir, `${target.name.replace(/[^\w.-]/g, '_')}.vmdk`);
    await pack(volume, packed, chunkBytes, options);
    const { size } = await stat(packed);
    return await importDisk(target.client, {
      name: target.name,
      folder: target.folder,
      resourcePool: target.resourcePool,
      datastore: target.datastore,
      capacityBytes: volume.size,
      source: createReadStream(packed),
      sizeHint: size,
      keepAliveMs: options.keepAliveMs,
      signal: options.signal,
      onProgress: (sent) => options.onProgress?.(sent, size, 'upload'),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the volume as a streamOptimized VMDK, reading the next chunk while the last is packed. */
async function pack(volume: StorageVolume, path: string, chunkBytes: number, options: MoveToStorageOptions): Promise<void> {
  const writer = await createVmdkWriter(path, volume.size, { subformat: 'streamOptimized' });
  const readAt = (offset: number): Promise<Buffer> | undefined => {
    if (offset >= volume.size) return undefined;
    const reading = volume.read(offset, Math.min(chunkBytes, volume.size - offset));
    reading.catch(() => undefined); // awaited below; this only keeps an early failure from being reported as unhandled
    return reading;
  };
  try {
    let next = readAt(0);
    for (let offset = 0; offset < volume.size; ) {
      options.signal?.throwIfAborted();
      const want = Math.min(chunkBytes, volume.size - offset);
      const data = await (next ?? Promise.resolve(Buffer.alloc(0)));
      if (data.length !== want) throw new IntegrityError(`volume read at ${offset} returned ${data.length} bytes instead of ${want}; the volume is shorter than its size ${volume.size}`);
      next = readAt(offset + want);
      await writer.write(offset, data);
      offset += want;
      options.onProgress?.(offset, volume.size, 'pack');
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
