/**
 * The move-volume command's protobuf messages (ferry.cache.v1.MoveVolumeRequest and VolumeMoved,
 * proto/ferry/cache/v1/volumes.proto) to and from the mover's plain types.
 */
import { ferry } from '@ferry/proto';
import type { MoveVolumeInput, VolumeMovedResult } from './volume-mover';

/** The NATS subject of the move-volume command. */
export const MOVE_VOLUME_SUBJECT = 'ferry.cmd.cloud-cache.move-volume';

/** A MoveVolumeRequest as the mover takes it (absent fields become empty values, which it refuses). */
export function moveInputOf(req: ferry.cache.v1.IMoveVolumeRequest): MoveVolumeInput {
  return {
    iqn: req.iqn ?? '',
    lun: req.lun ?? 0,
    vmName: req.vmName ?? '',
    datastore: req.datastore ?? '',
    resourcePool: req.resourcePool ?? '',
    folder: req.folder ?? '',
    requestId: req.requestId ?? '',
  };
}

export const volumeMovedReply = (r: VolumeMovedResult): ferry.cache.v1.VolumeMoved =>
  ferry.cache.v1.VolumeMoved.create({
    iqn: r.iqn,
    lun: r.lun,
    vm: r.vm,
    diskPath: r.diskPath,
    bytes: r.bytes,
    seconds: r.seconds,
    chunksWrittenDuringMove: r.chunksWrittenDuringMove,
  });
