// A cache volume's LUN as a block source ("cache:<iqn>/<lun>"), for migrate back while the VM still
// runs over the cache: prem-manager reads the chunks the guest wrote in the cloud (the written-chunk
// bitmap says which) and ships them into the prem disk. Only chunks the cache holds are served: a read
// of an absent chunk is refused rather than fetched from prem, since prem is where the data goes.
import type { BlockSource, DiskExtent } from '@ferry/block-pipeline';
import { IllegalStateError, NotFoundError, ValidationError } from '@ferry/errors';
import type { CacheVolume } from '../cache/cache-volume';

export const CACHE_LOCATOR = 'cache:';

/** "cache:<iqn>/<lun>" → the volume key "<iqn>/<lun>". */
export function cacheVolumeKey(locator: string): string {
  const match = /^cache:(iqn\.[^/\s]+|eui\.[0-9A-Fa-f]+|naa\.[0-9A-Fa-f]+)\/(\d{1,5})$/.exec(locator);
  if (match === null) throw new ValidationError('disk.locator', `"${locator}" is not cache:<iSCSI name>/<lun>, e.g. cache:iqn.2026-12.io.ferry:mig-1/0`);
  return `${match[1]}/${Number(match[2])}`;
}

class CacheLunSource implements BlockSource {
  constructor(private readonly key: string, private readonly volume: CacheVolume) {}

  get virtualSize(): number {
    return this.volume.size;
  }

  // The whole LUN as one allocated extent: which chunks matter is the caller's changed list.
  async *extents(): AsyncIterable<DiskExtent> {
    yield { offset: 0, length: this.volume.size, allocated: true };
  }

  async read(offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || length < 0 || offset + length > this.volume.size) {
      throw new ValidationError('read', `cache volume ${this.key}: bytes ${offset}+${length} are outside the LUN (${this.volume.size} bytes)`);
    }
    const chunk = this.volume.chunkSize;
    for (let i = Math.floor(offset / chunk); i * chunk < offset + length; i++) {
      if (!this.volume.isPresent(i)) {
        throw new IllegalStateError(`cache volume ${this.key}: chunk ${i} is not held by the cache (never fetched, hydrated or written in the cloud); it still equals the prem disk, so only written chunks may be read back`);
      }
    }
    return this.volume.read(offset, length);
  }

  async close(): Promise<void> {
    // The volume belongs to the registry; nothing to release here.
  }
}

/** Opens "cache:<iqn>/<lun>" over the registry's volumes. */
export function cacheSourceOpener(volumeOf: (key: string) => CacheVolume | undefined): (locator: string) => Promise<BlockSource> {
  return async (locator) => {
    const key = cacheVolumeKey(locator);
    const volume = volumeOf(key);
    if (volume === undefined) throw new NotFoundError(`no cache volume ${key} in this cloud-cache; list them with ferry.cmd.cloud-cache.list-volumes`);
    return new CacheLunSource(key, volume);
  };
}
