/**
 * The move-volume command: a fully present LUN becomes the disk of a new VM on the cloud vCenter
 * (storage/move-to-storage.ts). Refused before anything is made when there is no cloud vCenter, no
 * such volume or LUN, the LUN is not hydrated, or it is already moving; an unknown datastore or
 * resource pool is refused before any byte is packed. The guest may keep writing meanwhile: chunks
 * it writes for the first time after the move began are counted in the reply, as the moved disk may
 * miss them.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IllegalStateError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';
import type { MoRef, VsphereClient } from '@ferry/vsphere';
import { noCloudVcenter, type CloudVcenter } from '../storage/cloud-vcenter';
import { resolvePlacement } from '../storage/cloud-placement';
import { moveToStorage, type StorageVolume } from '../storage/move-to-storage';
import type { Placement, PlacementRequest } from '../storage/placement-choice';
import { asBaseError } from './base-error';
import { volumeKey } from './volume-definition';
import type { VolumeStatus } from './volume-status';

/** A move-volume command as it arrived. */
export interface MoveVolumeInput extends PlacementRequest {
  iqn: string;
  lun: number;
  vmName: string;
  requestId: string;
}

/** What a finished move reports. */
export interface VolumeMovedResult {
  iqn: string;
  lun: number;
  /** Moref value of the new VM. */
  vm: string;
  /** "[datastore] vm/vm.vmdk". */
  diskPath: string;
  /** Guest bytes moved (the LUN's size). */
  bytes: number;
  seconds: number;
  /** Chunks first written after the move began (the moved disk may miss them). */
  chunksWrittenDuringMove: number;
}

/** A LUN as the mover reads it (CacheVolume is one). */
export interface MovableVolume extends StorageVolume {
  /** Chunks written since creation; a written chunk stays written. */
  writtenCount(): number;
}

/** The part of the registry the mover uses (VolumeRegistry has it). */
export interface MovableVolumes {
  describe(iqn: string): VolumeStatus;
  volumeOf(key: string): MovableVolume | undefined;
}

/** What the mover is made with. */
export interface VolumeMoverDeps {
  /** The registry (a function: it exists only once the service has started). */
  volumes(): MovableVolumes;
  /** undefined: no CLOUD_VCENTER_URL, every move is refused. */
  vcenter: CloudVcenter | undefined;
  /** Folder packed VMDKs are staged in (MOVE_TEMP_DIR); stale ones from a crash are removed on the first move. */
  tempDir: string;
  now: () => number;
  log?: (line: string) => void;
  /** Where the VM goes (default: resolvePlacement on the cloud vCenter). */
  placement?: (client: VsphereClient, request: PlacementRequest) => Promise<Placement>;
  /** The copy itself (default: moveToStorage). */
  move?: (volume: StorageVolume, target: { client: VsphereClient; name: string; resourcePool: MoRef; datastore: string; folder?: MoRef }, options: { tempDir: string; signal: AbortSignal }) => Promise<{ vm: MoRef; diskPath: string }>;
}

interface RunningMove {
  input: MoveVolumeInput;
  startedAt: number;
  done: Promise<VolumeMovedResult>;
  abort: AbortController;
}

/** Finished moves remembered for retries with the same request_id (in memory: a restart forgets them). */
const REMEMBERED = 256;
const MAX_VM_NAME = 80;

export class VolumeMover {
  private readonly running = new Map<string, RunningMove>();
  private readonly finished = new Map<string, { input: MoveVolumeInput; result: VolumeMovedResult }>();
  private swept: Promise<void> | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: VolumeMoverDeps) {
    this.log = deps.log ?? (() => undefined);
  }

  /** Moves one LUN and answers once its disk is stored (see the file comment for the refusals). */
  async move(input: MoveVolumeInput): Promise<VolumeMovedResult> {
    validate(input);
    const again = this.retried(input);
    if (again) return await again;
    const vcenter = this.deps.vcenter;
    if (!vcenter) throw noCloudVcenter();
    const volume = this.hydratedLun(input);
    const key = volumeKey(input.iqn, input.lun);
    const busy = this.running.get(key);
    if (busy) {
      throw new IllegalStateError(
        `LUN ${input.lun} of volume ${input.iqn} is already moving to VM "${busy.input.vmName}" (since ${new Date(busy.startedAt).toISOString()}); ` +
          'wait for that move to answer, or send it again with its request_id to wait for it',
      );
    }
    // Registered before the first await, so a second command in the same tick is refused.
    const abort = new AbortController();
    const startedAt = this.deps.now();
    const done = this.run(input, volume, vcenter, abort.signal, startedAt);
    this.running.set(key, { input, startedAt, done, abort });
    void done.then(
      (result) => {
        this.remember(input, result);
        this.running.delete(key);
      },
      () => this.running.delete(key),
    );
    return await done;
  }

  /** Refuses to let volume `iqn` go while one of its LUNs is being moved (a delete would pull the data from under the move). */
  refuseIfMoving(iqn: string, action: string): void {
    const moving = [...this.running.values()].find((m) => m.input.iqn === iqn);
    if (moving) {
      throw new IllegalStateError(
        `cannot ${action} volume ${iqn}: LUN ${moving.input.lun} is moving to VM "${moving.input.vmName}" (since ${new Date(moving.startedAt).toISOString()}); ` +
          'wait for the move to answer, then try again',
      );
    }
  }

  /** Aborts the running moves (each removes its staged file, lease and VM) and waits for them. */
  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const m of all) m.abort.abort(new UnavailableError('the cloud cache is shutting down; move the volume again once it is back'));
    await Promise.all(all.map((m) => m.done.catch(() => undefined)));
  }

  /** The volume's LUN, refused unless it exists and every chunk is present. */
  private hydratedLun(input: MoveVolumeInput): MovableVolume {
    const volumes = this.deps.volumes();
    const status = volumes.describe(input.iqn);
    const lun = status.luns.find((l) => l.lun === input.lun);
    if (!lun) throw new NotFoundError(`volume ${input.iqn} has no LUN ${input.lun}; its LUNs are ${status.luns.map((l) => l.lun).join(', ')}`);
    if (lun.presentChunks < lun.totalChunks) {
      throw new IllegalStateError(
        `LUN ${input.lun} of volume ${input.iqn} is not hydrated: ${lun.presentChunks} of ${lun.totalChunks} chunks present; ` +
          `hydrate it first (StartTransfer with target_format "cache" and target_path ${volumeKey(input.iqn, input.lun)}), then move it`,
      );
    }
    const volume = volumes.volumeOf(volumeKey(input.iqn, input.lun));
    if (!volume) throw new NotFoundError(`volume ${input.iqn} was deleted while the move was being checked; nothing was moved`);
    return volume;
  }

  private async run(input: MoveVolumeInput, volume: MovableVolume, vcenter: CloudVcenter, signal: AbortSignal, startedAt: number): Promise<VolumeMovedResult> {
    const what = `volume ${input.iqn} LUN ${input.lun} to VM "${input.vmName}"`;
    const seconds = (): number => (this.deps.now() - startedAt) / 1000;
    try {
      await (this.swept ??= sweepStaging(this.deps.tempDir).catch((error: unknown) => {
        this.swept = undefined;
        throw error;
      }));
      const client = await vcenter.connect();
      try {
        const placement = await (this.deps.placement ?? resolvePlacement)(client, input);
        const writtenBefore = volume.writtenCount();
        const target = { client, name: input.vmName, resourcePool: placement.resourcePool, datastore: placement.datastore, folder: placement.folder };
        const moved = await (this.deps.move ?? moveToStorage)(volume, target, { tempDir: this.deps.tempDir, signal });
        const result: VolumeMovedResult = {
          iqn: input.iqn,
          lun: input.lun,
          vm: moved.vm.value,
          diskPath: moved.diskPath,
          bytes: volume.size,
          seconds: seconds(),
          chunksWrittenDuringMove: volume.writtenCount() - writtenBefore,
        };
        const missed = result.chunksWrittenDuringMove ? `; ${result.chunksWrittenDuringMove} chunk(s) first written during the move may be missing from it` : '';
        this.log(`moved ${what}: ${result.diskPath} (${result.vm}, pool ${placement.resourcePoolPath}), ${result.bytes} bytes in ${result.seconds.toFixed(1)} s${missed}`);
        return result;
      } finally {
        await client.logout().catch(() => undefined);
      }
    } catch (error) {
      this.log(`move of ${what} failed after ${seconds().toFixed(1)} s: ${(error as Error).message}`);
      throw asBaseError(error);
    }
  }

  /** A retry of a running or finished move with the same request_id gets its reply. */
  private retried(input: MoveVolumeInput): Promise<VolumeMovedResult> | undefined {
    if (!input.requestId) return undefined;
    const same = (other: MoveVolumeInput): boolean => {
      if (JSON.stringify(other) === JSON.stringify(input)) return true;
      throw new ValidationError(
        'request_id',
        `"${input.requestId}" is the id of the move of volume ${other.iqn} LUN ${other.lun} to VM "${other.vmName}"; give another move its own request_id`,
      );
    };
    const finished = this.finished.get(input.requestId);
    if (finished && same(finished.input)) return Promise.resolve(finished.result);
    const running = [...this.running.values()].find((m) => m.input.requestId === input.requestId);
    return running && same(running.input) ? running.done : undefined;
  }

  private remember(input: MoveVolumeInput, result: VolumeMovedResult): void {
    if (!input.requestId) return;
    this.finished.set(input.requestId, { input, result });
    const oldest = this.finished.keys().next();
    if (this.finished.size > REMEMBERED && !oldest.done) this.finished.delete(oldest.value);
  }
}

function validate(input: MoveVolumeInput): void {
  if (!input.iqn) throw new ValidationError('iqn', 'is empty; name a volume (see ferry.cmd.cloud-cache.list-volumes)');
  if (!input.vmName.trim()) throw new ValidationError('vm_name', 'is empty; name the VM the moved disk becomes part of');
  if (input.vmName.length > MAX_VM_NAME) throw new ValidationError('vm_name', `is ${input.vmName.length} characters; vSphere takes at most ${MAX_VM_NAME}`);
  if (!input.datastore.trim()) throw new ValidationError('datastore', 'is empty; name a datastore of the cloud vCenter');
}

/** Makes the staging folder and removes what a crashed move left in it. */
async function sweepStaging(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) if (name.startsWith('ferry-move-')) await rm(join(dir, name), { recursive: true, force: true });
}
