import { setTimeout as sleep } from 'node:timers/promises';
import { type EventStore, type RecordedEvent } from '@ferry/event-store';
import { IllegalStateError, ValidationError } from '@ferry/errors';
import { type ferry } from '@ferry/proto';
import { type RunOwners } from '@ferry/service-kit';
import { type GuestChannel } from '../channels/channel';
import { OfflineChrootChannel } from '../channels/offline';
import { SshChannel } from '../channels/ssh';
import { VsphereGuestChannel } from '../channels/vsphere';
import { runWindowsPrep } from '../windows/runner';
import { type FixupInput, type TargetPlatform } from '../fixup/inputs';
import { type FixupEvent, runFixupStage1 } from '../fixup/stage1';
import { type NetworkConfig } from '../network/model';
import { type GuestPrepEvent, type PrepEventMeta } from '../prep/events';
import { prepareLinuxGuest } from '../prep/runner';
import { fixUpReplicaDisks } from '../disks/fixup-disks';
import { EventStoreSink } from './event-store-sink';
import { decodeFixupDisks, outcomeFromEvents, replyOf } from './fixup-disks-command';
import { decodeRestorePremDisks } from './restore-prem-command';
import { restorePremDisks } from '../restore/restore-prem-disks';

/** The aggregates a guest-prep run records its events under. */
type RunAggregate = 'guestprep' | 'fixup';

/** Opens a channel for a PrepareVm command (vSphere Guest Operations is plugged in by the caller). */
export type ChannelOpener = (cmd: ferry.guestprep.v1.IPrepareVm) => Promise<GuestChannel>;

/** Reply of a command: ok and the guest tool's (or fixup's) result document. */
export interface CommandReply {
  ok: boolean;
  resultJson: string;
}

/** How replicas of guest-prep tell each other which runs they hold (see RunOwners). */
export interface RunFollowing {
  readonly owners: RunOwners;
  /** How often a replica following another's run reads its events for the end. Default 1 s. */
  readonly everyMs?: number;
  /**
   * How long at most a replica follows another's run before it gives up (the caller stopped waiting long
   * before: the appliance waits FIXUP_TIMEOUT_MS). Default 12 h.
   */
  readonly atMostMs?: number;
}

/**
 * The guest-prep application service: decodes a command, opens the guest channel, runs the domain
 * (prep runner or fixup stage 1) and appends every event to the event store as it happens.
 */
export class GuestPrepService {
  /** Disk fixups running in this process, by fixup id: a duplicate request joins the running one. */
  private readonly runningDiskFixups = new Map<string, Promise<ferry.guestprep.v1.FixUpReplicaDisksReply>>();
  /** Disk images a running fixup has (or will have) mounted read-write, to the run's id. */
  private readonly busyImages = new Map<string, string>();

  constructor(
    private readonly store: EventStore | undefined,
    private readonly now: () => number = Date.now,
    private readonly openVsphere?: ChannelOpener,
    private readonly following?: RunFollowing,
    /** Where disk runs mount replica volumes: a folder of this instance's own, so that releaseLeftMounts can clean up after a crash. */
    private readonly mountsUnder?: string,
  ) {}

  private sink(aggregate: 'guestprep' | 'fixup', id: string): { append(e: GuestPrepEvent | FixupEvent): Promise<void> } {
    return this.store ? new EventStoreSink(this.store, aggregate, id) : { append: async () => undefined };
  }

  private async openChannel(cmd: ferry.guestprep.v1.IPrepareVm): Promise<GuestChannel> {
    if (cmd.offline?.root) return OfflineChrootChannel.open(cmd.offline.root);
    if (cmd.ssh?.host) {
      return new SshChannel({
        host: cmd.ssh.host,
        port: cmd.ssh.port || 22,
        user: cmd.ssh.user || 'root',
        identityFile: cmd.ssh.identityFile ?? '',
        useSudo: cmd.ssh.useSudo === true,
      });
    }
    if (cmd.vsphere?.vmMoref) {
      if (!this.openVsphere) throw new ValidationError('vsphere', 'this guest-prep instance has no vCenter configured; set the vCenter variables or use the ssh/offline channel');
      return this.openVsphere(cmd);
    }
    throw new ValidationError('channel', 'PrepareVm names no channel: set one of vsphere.vm_moref, ssh.host or offline.root');
  }

  /**
   * The end of a run id that already has events (`endOf` reads it from them): a redelivered command is
   * answered from the store without touching the guest again, so every event is stored once, and one still
   * running on a replica is followed to its end. Undefined for a fresh id; IllegalStateError (`refusal`)
   * when a crash left the run unfinished.
   */
  private async ended<T>(aggregate: RunAggregate, id: string, endOf: (events: readonly RecordedEvent[]) => T | undefined, refusal: (events: number) => string): Promise<T | undefined> {
    if (!this.store) return undefined;
    const { events } = await this.store.load({ aggregate, id });
    if (!events.length) return undefined;
    const end = endOf(events) ?? (await this.followToEnd(aggregate, id, endOf));
    if (end !== undefined) return end;
    throw new IllegalStateError(refusal(events.length));
  }

  /** A prep or stage-1 fixup run's reply from its events (see ended). */
  private finished(aggregate: RunAggregate, id: string): Promise<CommandReply | undefined> {
    return this.ended(aggregate, id, endOfRun, (n) => `${aggregate} ${id} has ${n} event(s) but no end, and no guest-prep replica runs it: it was interrupted; start a new run with a new id`);
  }

  /**
   * The end of a run that has events but none yet: while a replica (this one or another) holds the run,
   * its events are read every `everyMs` until `endOf` finds the end. Undefined when no replica holds it and
   * it has not ended: a crash left it. Without RunFollowing, undefined at once.
   */
  private async followToEnd<T>(aggregate: RunAggregate, id: string, endOf: (events: readonly RecordedEvent[]) => T | undefined): Promise<T | undefined> {
    if (!this.following || !this.store) return undefined;
    const atMostMs = this.following.atMostMs ?? 12 * 3_600_000;
    for (const until = Date.now() + atMostMs; ; ) {
      // Asked before the read: a holder records the end before it lets go, so "not held" and no end means none will come.
      const held = await this.following.owners.held(aggregate, id);
      const end = endOf((await this.store.load({ aggregate, id })).events);
      if (end !== undefined || !held) return end;
      if (Date.now() >= until) {
        throw new IllegalStateError(`${aggregate} ${id} is still running on another guest-prep replica after ${atMostMs >= 3_600_000 ? `${atMostMs / 3_600_000} h` : `${atMostMs / 1000} s`}; look at that replica (its log names the run), or start a new run with a new id`);
      }
      await sleep(this.following.everyMs ?? 1_000);
    }
  }

  /** Runs `work` while holding the run, so a replica sent the same command follows it instead of refusing it. */
  private async holding<T>(aggregate: RunAggregate, id: string, work: () => Promise<T>): Promise<T> {
    // A run that cannot be held (NATS away for a moment) still runs: a copy of its command sent to another
    // replica is then refused as interrupted instead of followed, and the caller retries.
    const release = await this.following?.owners.hold(aggregate, id).catch(() => undefined);
    try {
      return await work();
    } finally {
      await release?.();
    }
  }

  async prepareVm(cmd: ferry.guestprep.v1.IPrepareVm): Promise<CommandReply> {
    if (!cmd.prepId) throw new ValidationError('prep_id', 'empty; give each preparation run its own id');
    const done = await this.finished('guestprep', cmd.prepId);
    if (done) return done;
    const prepId = cmd.prepId;
    return this.holding('guestprep', prepId, () => this.prepareHeld(prepId, cmd));
  }

  private async prepareHeld(prepId: string, cmd: ferry.guestprep.v1.IPrepareVm): Promise<CommandReply> {
    const osFamily = cmd.osFamily || 'linux';
    if (osFamily !== 'linux' && osFamily !== 'windows') throw new ValidationError('os_family', `"${osFamily}" is not "linux" or "windows"`);
    if (osFamily === 'windows') return this.prepareWindows(cmd);
    const channel = await this.openChannel(cmd);
    try {
      const outcome = await prepareLinuxGuest(
        channel,
        {
          prepId,
          vmId: cmd.vmId ?? '',
          commandId: cmd.commandId || prepId,
          actor: { kind: cmd.actor?.kind || 'service', id: cmd.actor?.id || 'guest-prep' },
          undo: cmd.undo === true,
          ...(cmd.iscsi?.targetIp
            ? { iscsi: { targetIp: cmd.iscsi.targetIp, targetIqn: cmd.iscsi.targetIqn ?? '', targetPort: cmd.iscsi.targetPort || 3260, ...(cmd.iscsi.initiatorIqn ? { initiatorIqn: cmd.iscsi.initiatorIqn } : {}) } }
            : {}),
        },
        this.sink('guestprep', prepId),
        this.now,
      );
      // The captured network goes back with the result: a warm migration keeps it to re-apply in the cloud.
      const result = outcome.result ? { ...outcome.result, ...(outcome.network ? { network: outcome.network } : {}) } : { ok: false, events: outcome.events };
      return { ok: outcome.ok, resultJson: JSON.stringify(result) };
    } finally {
      await channel.close();
    }
  }

  private async prepareWindows(cmd: ferry.guestprep.v1.IPrepareVm): Promise<CommandReply> {
    if (!cmd.vsphere?.vmMoref) throw new ValidationError('vsphere', 'Windows guests are prepared through vSphere Guest Operations only: set vsphere.vm_moref and the guest credentials');
    const channel = await this.openChannel(cmd);
    try {
      if (!(channel instanceof VsphereGuestChannel)) throw new ValidationError('vsphere', 'the vsphere channel opener returned no Guest Operations channel');
      const outcome = await runWindowsPrep(
        channel,
        { prepId: cmd.prepId ?? '', vmId: cmd.vmId ?? '', commandId: cmd.commandId || (cmd.prepId ?? ''), actor: { kind: cmd.actor?.kind || 'service', id: cmd.actor?.id || 'guest-prep' } },
        { mode: cmd.undo ? 'undo' : 'prepare' },
        this.sink('guestprep', cmd.prepId ?? ''),
        this.now,
      );
      return { ok: outcome.ok, resultJson: JSON.stringify({ ok: outcome.ok, events: outcome.events.length }) };
    } finally {
      await channel.close();
    }
  }

  async fixUpReplica(cmd: ferry.guestprep.v1.IFixUpReplica): Promise<CommandReply> {
    if (!cmd.fixupId) throw new ValidationError('fixup_id', 'empty; give each fixup run its own id');
    const done = await this.finished('fixup', cmd.fixupId);
    if (done) return done;
    const id = cmd.fixupId;
    return this.holding('fixup', id, () => this.fixUpHeld(id, cmd));
  }

  private async fixUpHeld(id: string, cmd: ferry.guestprep.v1.IFixUpReplica): Promise<CommandReply> {
    if (!cmd.root) throw new ValidationError('root', 'empty; mount the replica root file system on this host and give its path');
    const platform = cmd.targetPlatform || 'vmware';
    if (platform !== 'vmware' && platform !== 'kvm') throw new ValidationError('target_platform', `"${platform}" is not "vmware" or "kvm"`);
    const input: FixupInput = {
      targetPlatform: platform as TargetPlatform,
      nics: (cmd.nics ?? []).map((n) => ({
        ...(n.sourceMac ? { sourceMac: n.sourceMac } : {}),
        ...(n.sourceName ? { sourceName: n.sourceName } : {}),
        targetMac: n.targetMac ?? '',
        ...(n.targetName ? { targetName: n.targetName } : {}),
        ...(n.addresses?.length ? { addresses: n.addresses } : {}),
        ...(n.gateway ? { gateway: n.gateway } : {}),
        ...(n.method === 'static' || n.method === 'dhcp' ? { method: n.method } : {}),
      })),
      deviceUuids: cmd.deviceUuids ?? {},
      ...(cmd.networkJson ? { network: JSON.parse(cmd.networkJson) as NetworkConfig } : {}),
    };
    const meta = (): PrepEventMeta => ({
      prepId: id,
      vmId: cmd.vmId ?? '',
      atUnixMillis: this.now(),
      actor: { kind: cmd.actor?.kind || 'service', id: cmd.actor?.id || 'guest-prep' },
      causeCommandId: cmd.commandId || id,
      traceId: '',
    });
    const channel = await OfflineChrootChannel.open(cmd.root);
    try {
      const sink = this.sink('fixup', id);
      const result = await runFixupStage1(cmd.root, channel, input, meta, (e) => sink.append(e));
      return { ok: result.ok, resultJson: JSON.stringify(result) };
    } finally {
      await channel.close();
    }
  }

  /**
   * Fixup from the replica's disk images (FixUpReplicaDisks). A run id that already ended is answered
   * from its events; one still running here is joined; one left unfinished by a crash is refused
   * (IllegalStateError: retry with a new id, stage 1 is safe to rerun).
   */
  async fixUpReplicaDisks(cmd: ferry.guestprep.v1.IFixUpReplicaDisks): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    const input = { ...decodeFixupDisks(cmd), mountsUnder: this.mountsUnder };
    const id = cmd.fixupId ?? '';
    return this.exclusively(id, input.diskImages, () => this.runOnce(id, cmd, (meta, emit) => fixUpReplicaDisks(input, meta, emit)));
  }

  /**
   * Migrate back's restore of the prem guest on its disks (RestorePremDisks): run, joined and
   * answered from its events exactly like a disk fixup, under the fixup aggregate with its restore id.
   */
  async restorePremDisks(cmd: ferry.guestprep.v1.IRestorePremDisks): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    const input = { ...decodeRestorePremDisks(cmd), mountsUnder: this.mountsUnder };
    const id = cmd.restoreId ?? '';
    return this.exclusively(id, input.diskImages, () => this.runOnce(id, cmd, (meta, emit) => restorePremDisks(input, meta, emit)));
  }

  private exclusively(id: string, images: readonly string[], run: () => Promise<ferry.guestprep.v1.FixUpReplicaDisksReply>): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    const running = this.runningDiskFixups.get(id);
    if (running) return running;
    // Two runs must never mount the same file system read-write (e.g. a retry while a run the
    // caller gave up on still works): the second is refused until the first ends.
    const busy = images.find((image) => this.busyImages.has(image));
    if (busy) throw new IllegalStateError(`disk image ${busy} is being worked on by run ${this.busyImages.get(busy)}; retry once it has ended`);
    for (const image of images) this.busyImages.set(image, id);
    const done = run().finally(() => {
      this.runningDiskFixups.delete(id);
      for (const image of images) this.busyImages.delete(image);
    });
    this.runningDiskFixups.set(id, done);
    return done;
  }

  /**
   * A run under the fixup aggregate: answered from its events when it ended, followed to its end while a
   * replica runs it, refused when a crash left it unfinished.
   */
  private async runOnce(
    id: string,
    cmd: { vmId?: string | null; actor?: ferry.common.v1.IActor | null; commandId?: string | null },
    run: (meta: () => PrepEventMeta, emit: (e: FixupEvent) => Promise<void>) => Promise<Parameters<typeof replyOf>[0]>,
  ): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    const ended = await this.ended('fixup', id, outcomeFromEvents, (n) => `run ${id} has ${n} event(s) but no end, and no guest-prep replica runs it: it was interrupted; start a new run with a new id (it is safe to rerun)`);
    if (ended) return replyOf(ended);
    const meta = (): PrepEventMeta => ({
      prepId: id,
      vmId: cmd.vmId ?? '',
      atUnixMillis: this.now(),
      actor: { kind: cmd.actor?.kind || 'service', id: cmd.actor?.id || 'guest-prep' },
      causeCommandId: cmd.commandId || id,
      traceId: '',
    });
    const sink = this.sink('fixup', id);
    return this.holding('fixup', id, async () => replyOf(await run(meta, (e) => sink.append(e))));
  }
}

/** The reply of a prep or stage-1 fixup run that ended, from its events; undefined while it has no end. */
function endOfRun(events: readonly Pick<RecordedEvent, 'type'>[]): CommandReply | undefined {
  const last = events.at(-1);
  if (!last) return undefined;
  if (last.type.endsWith('Completed') && last.type !== 'GuestPrepStepCompleted' && last.type !== 'FixupStepCompleted') {
    return { ok: true, resultJson: JSON.stringify({ ok: true, replayed: true, events: events.length }) };
  }
  if (last.type.endsWith('Failed')) return { ok: false, resultJson: JSON.stringify({ ok: false, replayed: true, events: events.length }) };
  return undefined;
}
