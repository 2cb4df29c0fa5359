/**
 * A volume made by command as it is served: one cache volume per LUN, fed by the fetcher the
 * injected RemoteFetcherFactory makes for the LUN's prem disk, behind one iSCSI target with CHAP.
 * No background hydration runs here: a command-made volume is hydrated by the bulk transfer relayed
 * to the feed (docs/warm-data-path.md), and its misses are fetched on demand.
 */
import { CacheVolume } from '../cache/cache-volume';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import type { IscsiTarget } from '../iscsi/portal-context';
import { unitIdentityOf } from '../scsi/block-device';
import { LogicalUnit } from '../scsi/logical-unit';
import { volumeKey, type VolumeDefinition } from './volume-definition';
import { VolumeFiles } from './volume-files';

/** A served volume: its definition, its target and its cache volumes by LUN number. */
export interface ServedVolume {
  readonly definition: VolumeDefinition;
  readonly dir: string;
  readonly target: IscsiTarget;
  readonly volumes: ReadonlyMap<number, CacheVolume>;
  /** Flushes and closes every LUN's cache volume (and its fetcher). */
  close(): Promise<void>;
}

/** Opens (or reopens, after a restart) the cache volumes of `definition` in `dir`. */
export async function openServedVolume(definition: VolumeDefinition, dir: string, fetchers: RemoteFetcherFactory): Promise<ServedVolume> {
  const volumes = new Map<number, CacheVolume>();
  const luns = new Map<number, LogicalUnit>();
  const lunNumbers = (): number[] => [...luns.keys()].sort((a, b) => a - b);
  const close = async (): Promise<void> => {
    await Promise.all([...volumes.values()].map((v) => v.close()));
  };
  try {
    for (const l of definition.luns) {
      const key = volumeKey(definition.iqn, l.lun);
      const fetcher = fetchers({ migrationId: l.migrationId, diskId: l.diskId, virtualSize: l.virtualSize, chunkSize: l.chunkSize });
      const volume = await CacheVolume.open({ name: key, dir: VolumeFiles.lunDir(dir, l.lun), fetcher, chunkSize: l.chunkSize });
      volumes.set(l.lun, volume);
      luns.set(l.lun, new LogicalUnit(volume, unitIdentityOf(definition.iqn, key), lunNumbers));
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const target: IscsiTarget = { name: definition.iqn, auth: { kind: 'chap', ...definition.chap, ...(definition.initiators.length > 0 ? { initiators: definition.initiators } : {}) }, luns };
  return { definition, dir, target, volumes, close };
}
