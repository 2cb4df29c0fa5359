/**
 * What a volume made by command is: its target name, its LUNs (each a prem disk of a migration) and
 * the CHAP credentials initiators log in with. This is what the registry persists and restores.
 */
import type { ChapCredentials } from '../iscsi/login';

/** One LUN of a volume: the prem disk it caches and the cache's geometry for it. */
export interface LunDefinition {
  lun: number;
  /** The prem disk's size in bytes (a multiple of 512). */
  virtualSize: number;
  /** Cache chunk size in bytes (a power of two, 4 KiB..64 MiB). */
  chunkSize: number;
  migrationId: string;
  diskId: string;
  /** Boot profile key ("<guest os>/<image family>"): prefetch its stored profile, or record this boot as it. */
  bootProfileKey?: string;
}

/** A validated volume. Only the volume's 0600 credentials file holds `chap`'s secrets. */
export interface VolumeDefinition {
  /** iSCSI target name. */
  iqn: string;
  luns: LunDefinition[];
  chap: ChapCredentials;
  /** Initiator names (lower case) that may log in; empty: any initiator that passes CHAP. */
  initiators: string[];
  /** Id of the create command (a retry with the same id is answered with this volume); may be empty. */
  requestId: string;
  /** Unix ms when it was created. */
  createdAt: number;
}

/** A create-volume command as it arrived, before validation: anything may be missing or wrong. */
export interface CreateVolumeInput {
  iqn: string;
  luns: Array<{ lun: number; virtualSize: number; chunkSize: number; migrationId: string; diskId: string; bootProfileKey?: string }>;
  chap?: { user: string; secret: string; mutualUser: string; mutualSecret: string };
  /** The initiator allow list as given (validation folds the names to lower case). */
  initiators?: string[];
  requestId: string;
}

/** The cache volume name of one LUN ("<iqn>/<lun>"), as the feed and the IO analyzer know it. */
export const volumeKey = (iqn: string, lun: number): string => `${iqn}/${lun}`;
