/** What describe and list report about a served volume: its definition without secrets, plus live cache figures. */
import type { LunDefinition } from './volume-definition';
import type { ServedVolume } from './served-volume';

/** One LUN's definition and figures. */
export interface LunStatus extends LunDefinition {
  totalChunks: number;
  presentChunks: number;
  writtenChunks: number;
  /** Bytes fetched from prem for initiators' reads since this process started. */
  fetchedOnDemandBytes: number;
  /** A stored boot profile was prefetched at creation (false with a key: the boot is recorded as the profile, or, after a restart, neither). */
  bootProfileUsed: boolean;
  /** Chunks fetched ahead of reads from the boot profile since this process started. */
  prefetchedChunks: number;
}

/** A volume as reported: no field can carry a CHAP secret. */
export interface VolumeStatus {
  iqn: string;
  luns: LunStatus[];
  /** Every chunk of every LUN held locally. */
  hydrated: boolean;
  chapUser: string;
  /** Empty: one-way CHAP. */
  mutualChapUser: string;
  /** Initiators with a session to the target now. */
  loggedInInitiators: string[];
  /** Initiators allowed to log in; empty: any that passes CHAP. */
  allowedInitiators: string[];
  createdAt: number;
  requestId: string;
}

/** The status of `served`, with the initiators logged in to it. */
export function statusOf(served: ServedVolume, loggedInInitiators: string[]): VolumeStatus {
  const { definition } = served;
  const luns = definition.luns.map((l): LunStatus => {
    const v = served.volumes.get(l.lun);
    return {
      ...l,
      totalChunks: v?.chunkCount ?? 0,
      presentChunks: v?.presentChunks() ?? 0,
      writtenChunks: v?.writtenCount() ?? 0,
      fetchedOnDemandBytes: v?.fetchedOnDemandBytes() ?? 0,
      bootProfileUsed: v?.stats.bootProfile?.used ?? false,
      prefetchedChunks: v?.stats.prefetchedChunks ?? 0,
    };
  });
  return {
    iqn: definition.iqn,
    luns,
    hydrated: luns.every((l) => l.presentChunks === l.totalChunks),
    chapUser: definition.chap.user,
    mutualChapUser: definition.chap.mutual?.user ?? '',
    loggedInInitiators: [...new Set(loggedInInitiators)].sort(),
    allowedInitiators: [...definition.initiators],
    createdAt: definition.createdAt,
    requestId: definition.requestId,
  };
}
