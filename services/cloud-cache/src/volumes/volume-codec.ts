/**
 * The volume commands' protobuf messages (ferry.cache.v1, proto/ferry/cache/v1/volumes.proto) to
 * and from the registry's plain types. Replies are built from VolumeStatus, which has no field for a
 * CHAP secret, so none can leak into one.
 */
import { ferry } from '@ferry/proto';
import { registerSecret } from '@ferry/service-kit';
import type { CreateVolumeInput } from './volume-definition';
import type { VolumeStatus } from './volume-status';
import type { WrittenPage } from './volume-registry';

const pb = ferry.cache.v1;

/** A CHAP secret from a command, remembered so this process never prints it. */
function registered(secret: string | null | undefined): string {
  registerSecret(secret ?? '');
  return secret ?? '';
}

/** protobufjs gives 64-bit fields as Long when long.js is loaded, as number otherwise. */
type Int64 = number | { toNumber(): number } | null | undefined;
const int64 = (v: Int64): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

/** A CreateVolumeRequest as the registry takes it (absent fields become empty values, which validation refuses). */
export function createInputOf(req: ferry.cache.v1.ICreateVolumeRequest): CreateVolumeInput {
  return {
    iqn: req.iqn ?? '',
    luns: (req.luns ?? []).map((l) => ({
      lun: l.lun ?? 0,
      virtualSize: int64(l.virtualSize),
      chunkSize: l.chunkSize ?? 0,
      migrationId: l.migrationId ?? '',
      diskId: l.diskId ?? '',
      bootProfileKey: l.bootProfileKey ?? '',
    })),
    chap: req.chap
      ? { user: req.chap.user ?? '', secret: registered(req.chap.secret), mutualUser: req.chap.mutualUser ?? '', mutualSecret: registered(req.chap.mutualSecret) }
      : undefined,
    initiators: req.initiators ?? [],
    requestId: req.requestId ?? '',
  };
}

export function volumeReply(s: VolumeStatus): ferry.cache.v1.Volume {
  return pb.Volume.create({
    iqn: s.iqn,
    luns: s.luns.map((l) =>
      pb.VolumeLun.create({
        lun: l.lun,
        virtualSize: l.virtualSize,
        chunkSize: l.chunkSize,
        migrationId: l.migrationId,
        diskId: l.diskId,
        totalChunks: l.totalChunks,
        presentChunks: l.presentChunks,
        writtenChunks: l.writtenChunks,
        fetchedOnDemandBytes: l.fetchedOnDemandBytes,
        bootProfileKey: l.bootProfileKey ?? '',
        bootProfileUsed: l.bootProfileUsed,
        prefetchedChunks: l.prefetchedChunks,
      }),
    ),
    state: s.hydrated ? pb.VolumeState.VOLUME_STATE_HYDRATED : pb.VolumeState.VOLUME_STATE_SERVING,
    chapUser: s.chapUser,
    mutualChapUser: s.mutualChapUser,
    allowedInitiators: s.allowedInitiators,
    loggedInInitiators: s.loggedInInitiators,
    createdAt: { unixMillis: s.createdAt },
    requestId: s.requestId,
  });
}

export const volumeListReply = (all: VolumeStatus[]): ferry.cache.v1.VolumeList => pb.VolumeList.create({ volumes: all.map(volumeReply) });

export const volumeDeletedReply = (iqn: string): ferry.cache.v1.VolumeDeleted => pb.VolumeDeleted.create({ iqn });

export const writtenChunksReply = (p: WrittenPage): ferry.cache.v1.WrittenChunks =>
  pb.WrittenChunks.create({
    iqn: p.iqn,
    lun: p.lun,
    chunkSize: p.chunkSize,
    indexes: p.indexes,
    more: p.more,
    nextIndex: p.nextIndex,
    totalWritten: p.totalWritten,
  });

/** The NATS subjects of the volume commands. */
export const VOLUME_SUBJECTS = {
  create: 'ferry.cmd.cloud-cache.create-volume',
  describe: 'ferry.cmd.cloud-cache.describe-volume',
  list: 'ferry.cmd.cloud-cache.list-volumes',
  delete: 'ferry.cmd.cloud-cache.delete-volume',
  writtenChunks: 'ferry.cmd.cloud-cache.written-chunks',
} as const;
