// CacheVolumePort: prem-manager exposes each source disk for demand reads (Shipper.ExposeDisk, the
// reads going prem → cloud-manager's demand lane), and cloud-cache serves the disks as the LUNs of one
// CHAP-protected iSCSI volume (ferry.cmd.cloud-cache.*, proto/ferry/cache/v1/volumes.proto).
import type { Client } from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { NotFoundError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { natsRequest, unaryCall } from '@ferry/service-kit';
import type { CacheLun, ChunkSpan } from '../migration';
import type { EffectOf } from '../orchestration';
import type { CacheVolumePort, MovedLun } from '../orchestration/warm-ports';
import { chapSecretFor } from './chap-secret';

const SUBJECT = 'ferry.cmd.cloud-cache';

/** Every chunk index of a cache volume's LUN written through its target, ascending, paging through cloud-cache's bitmap. */
export async function writtenChunksOf(nc: NatsConnection, iqn: string, lun: number): Promise<number[]> {
  const indexes: number[] = [];
  for (let from = 0; ;) {
    const page = await natsRequest<ferry.cache.v1.WrittenChunks>(nc, `${SUBJECT}.written-chunks`, ferry.cache.v1.WrittenChunksRequest.create({ iqn, lun, fromIndex: from }), { timeoutMs: 15_000 });
    indexes.push(...(page.indexes ?? []));
    if (!page.more) return indexes;
    from = page.nextIndex;
  }
}
/** Chunk size of a cache LUN: 1 MiB, the data plane's chunk. */
const CHUNK_SIZE = 1 << 20;

export interface CacheVolumesOptions {
  /** host:port of cloud-cache's iSCSI portal as the cloud hosts reach it. */
  readonly portal: string;
  /** host:port of prem-esxi-manager's block source. */
  readonly blockSource: string;
  /** host:port of cloud-manager's demand lane (INTERCONNECT_ALT_PORT), which prem-manager dials. */
  readonly demandLane: string;
  /** The source locator of a disk ("[ds] vm/disk.vmdk" → what prem-esxi-manager opens). */
  readonly locate: (datastorePath: string) => string;
  /** The site's CHAP key (chap-secret.ts). */
  readonly chapKey: Buffer;
  /** How long a move of one LUN may take. */
  readonly moveTimeoutMs: number;
  /** The cloud hosts' initiator names, the only ones a volume admits; empty: any that passes CHAP. */
  readonly initiators?: readonly string[];
}

/** Ascending chunk indexes → closed ranges of consecutive ones. */
export function spansOf(indexes: readonly number[]): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  for (const index of indexes) {
    const last = spans.at(-1);
    if (last && index === last.last + 1) spans[spans.length - 1] = { first: last.first, last: index };
    else spans.push({ first: index, last: index });
  }
  return spans;
}

export class CacheVolumes implements CacheVolumePort {
  /** `shipper`: prem-manager's control client (mutual TLS). */
  constructor(
    private readonly nc: NatsConnection,
    private readonly shipper: Client,
    private readonly options: CacheVolumesOptions,
  ) {}

  async create(effect: EffectOf<'CreateCacheVolume'>): Promise<{ portal: string; luns: CacheLun[] }> {
    const luns: CacheLun[] = [];
    for (const disk of effect.disks) {
      const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(this.shipper, 'ExposeDisk', {
        migrationId: effect.migrationId, diskId: disk.diskKey, sourceEndpoint: this.options.blockSource, sourceLocator: this.options.locate(disk.datastorePath),
        targetEndpoint: this.options.demandLane,
      });
      luns.push({ diskKey: disk.diskKey, lun: disk.lun, virtualSize: Number(exposed.virtualSize) });
    }
    const request = ferry.cache.v1.CreateVolumeRequest.create({
      iqn: effect.iqn,
      luns: luns.map((lun) => ({
        lun: lun.lun, virtualSize: lun.virtualSize, chunkSize: CHUNK_SIZE, migrationId: effect.migrationId, diskId: lun.diskKey,
        bootProfileKey: lun.lun === 0 ? effect.bootProfileKey : '',
      })),
      chap: { user: effect.chapUser, secret: chapSecretFor(this.options.chapKey, effect.iqn) },
      initiators: [...(this.options.initiators ?? [])],
      // A retry of this step joins the volume made before.
      requestId: `create-${effect.iqn}`,
    });
    await natsRequest<ferry.cache.v1.Volume>(this.nc, `${SUBJECT}.create-volume`, request, { timeoutMs: 30_000 });
    return { portal: this.options.portal, luns };
  }

  async initiators(iqn: string): Promise<string[]> {
    const volume = await natsRequest<ferry.cache.v1.Volume>(this.nc, `${SUBJECT}.describe-volume`, ferry.cache.v1.DescribeVolumeRequest.create({ iqn }), { timeoutMs: 15_000 });
    return volume.loggedInInitiators ?? [];
  }

  async move(request: { iqn: string; lun: number; vmName: string; datastore: string; requestId: string }): Promise<MovedLun> {
    const moved = await natsRequest<ferry.cache.v1.VolumeMoved>(
      this.nc,
      `${SUBJECT}.move-volume`,
      ferry.cache.v1.MoveVolumeRequest.create({ iqn: request.iqn, lun: request.lun, vmName: request.vmName, datastore: request.datastore, requestId: request.requestId }),
      { timeoutMs: this.options.moveTimeoutMs },
    );
    const written = await this.writtenChunks(request.iqn, request.lun);
    const volume = await natsRequest<ferry.cache.v1.Volume>(this.nc, `${SUBJECT}.describe-volume`, ferry.cache.v1.DescribeVolumeRequest.create({ iqn: request.iqn }), { timeoutMs: 15_000 });
    return {
      shellVm: moved.vm, datastorePath: moved.diskPath, bytes: Number(moved.bytes), chunksWrittenDuringMove: Number(moved.chunksWrittenDuringMove),
      chunksWrittenInCloud: written.length, writtenInCloud: spansOf(written),
      bytesFetchedOnDemand: Number(volume.luns?.find((lun) => lun.lun === request.lun)?.fetchedOnDemandBytes ?? 0),
    };
  }

  /** Every chunk index of the LUN the guest wrote, paging through the cache's bitmap. */
  writtenChunks(iqn: string, lun: number): Promise<number[]> {
    return writtenChunksOf(this.nc, iqn, lun);
  }

  async release(migrationId: string, iqn: string, diskKeys: readonly string[]): Promise<string[]> {
    const steps: string[] = [];
    try {
      await natsRequest(this.nc, `${SUBJECT}.delete-volume`, ferry.cache.v1.DeleteVolumeRequest.create({ iqn }), { timeoutMs: 30_000 });
      steps.push(`cache volume ${iqn} deleted`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    for (const diskId of diskKeys) {
      await unaryCall(this.shipper, 'ConcealDisk', { migrationId, diskId, generation: 0 });
      steps.push(`prem stopped serving disk ${diskId} on demand`);
    }
    return steps;
  }
}
