import { retrieveContainer, retrieveObjects, UpdateStream, type ObjectUpdate, type Plain, type VsphereClient } from '@ferry/vsphere';
import { changedFields, sameValue, type InventoryEvent } from './events';
import { mapInfra } from './infra-mapper';
import type { InfraInfo, InfraKind, Site, VmInfo } from './model';
import { allSelections, infraSelections, vmPaths } from './properties';
import { mapVm } from './vm-mapper';

/** Where the collector's events go (the projection, and the event store when one is wired). */
export type EventSink = (events: InventoryEvent[]) => Promise<void> | void;

/** Collector options. */
export interface CollectorOptions {
  /** Objects per RetrievePropertiesEx page (default 500). */
  pageSize?: number;
  /** WaitForUpdatesEx wait in seconds (default 30). */
  maxWaitSeconds?: number;
  onError?: (error: Error) => void;
  /** The clock, for InventorySynced (default Date.now). */
  now?: () => number;
}

const infraTypes = new Set(['Datacenter', 'ClusterComputeResource', 'HostSystem', 'Datastore', 'Network', 'DistributedVirtualPortgroup', 'OpaqueNetwork', 'Folder', 'ResourcePool']);

/**
 * Collects one vCenter: first fully (paged RetrievePropertiesEx over a ContainerView), then
 * continuously through WaitForUpdatesEx. Emits an event only when something really changed.
 *
 * For a modified VM it re-reads that one VM's properties instead of patching the change set:
 * vCenter (and vcsim) report a device added through summary counters, not always through
 * config.hardware.device, so a targeted read is the reliable way to see the new disk.
 */
export class InventoryCollector {
  private readonly vms = new Map<string, VmInfo>();
  private readonly infra = new Map<string, InfraInfo>();
  private stream: UpdateStream | undefined;

  constructor(private readonly client: VsphereClient, readonly site: Site, private readonly sink: EventSink, private readonly opts: CollectorOptions = {}) {}

  /**
   * Starts from what was recorded before (the projection rebuilt from the event store), so a
   * restart emits only what really changed meanwhile instead of rediscovering every VM.
   */
  seed(vms: readonly VmInfo[], infra: readonly InfraInfo[]): void {
    for (const vm of vms) if (vm.site === this.site) this.vms.set(vm.id, vm);
    for (const o of infra) if (o.site === this.site) this.infra.set(o.id, o);
  }

  /** Full collection; objects known before (seeded) but gone now are reported removed. Returns counts. */
  async collectAll(): Promise<{ vms: number; objects: number }> {
    const seen = new Set<string>();
    for await (const page of retrieveContainer(this.client, allSelections, { pageSize: this.opts.pageSize ?? 500 })) {
      const events: InventoryEvent[] = [];
      for (const o of page) {
        seen.add(o.obj.value);
        this.observe(o.obj.type, o.obj.value, o.props, events);
      }
      if (events.length) await this.sink(events);
    }
    const gone: InventoryEvent[] = [];
    for (const id of [...this.vms.keys()].filter((id) => !seen.has(id))) {
      this.vms.delete(id);
      gone.push({ type: 'VmRemoved', site: this.site, id });
    }
    for (const [id, o] of [...this.infra].filter(([id]) => !seen.has(id))) {
      this.infra.delete(id);
      gone.push({ type: 'InfraObjectRemoved', site: this.site, kind: o.kind, id });
    }
    if (gone.length) await this.sink(gone);
    await this.sink([{ type: 'InventorySynced', site: this.site, vms: this.vms.size, objects: this.infra.size, atMillis: (this.opts.now ?? Date.now)() }]);
    return { vms: this.vms.size, objects: this.infra.size };
  }

  /** Starts following changes (call after collectAll; the first update batch reconciles the gap). */
  async follow(): Promise<void> {
    this.stream = await UpdateStream.start(this.client, allSelections, (updates) => this.onUpdates(updates), {
      maxWaitSeconds: this.opts.maxWaitSeconds ?? 30,
      onError: this.opts.onError,
    });
  }

  /** Stops following. */
  async stop(): Promise<void> {
    await this.stream?.stop();
    this.stream = undefined;
  }

  private observe(type: string, id: string, props: Map<string, Plain>, events: InventoryEvent[]): void {
    if (type === 'VirtualMachine') {
      const vm = mapVm(this.site, id, props);
      const before = this.vms.get(id);
      this.vms.set(id, vm);
      if (!before) events.push({ type: 'VmDiscovered', site: this.site, vm });
      else {
        const changed = changedFields(before, vm);
        if (changed.length) events.push({ type: 'VmChanged', site: this.site, vm, changed });
      }
    } else if (infraTypes.has(type)) {
      const object = mapInfra(this.site, type, id, props);
      const before = this.infra.get(id);
      this.infra.set(id, object);
      if (!before || !sameValue(before, object)) events.push({ type: 'InfraObjectSeen', site: this.site, object });
    }
  }

  private async onUpdates(updates: ObjectUpdate[]): Promise<void> {
    const events: InventoryEvent[] = [];
    const refetch = new Map<string, { type: string; value: string }>();
    for (const u of updates) {
      const id = u.obj.value;
      if (u.kind === 'leave') {
        if (u.obj.type === 'VirtualMachine') {
          if (this.vms.delete(id)) events.push({ type: 'VmRemoved', site: this.site, id });
        } else {
          const before = this.infra.get(id);
          if (before && this.infra.delete(id)) events.push({ type: 'InfraObjectRemoved', site: this.site, kind: before.kind as InfraKind, id });
        }
      } else if (u.kind === 'enter') {
        const props = new Map<string, Plain>();
        for (const c of u.changes) if (c.val !== undefined) props.set(c.name, c.val);
        this.observe(u.obj.type, id, props, events);
      } else {
        refetch.set(`${u.obj.type}/${id}`, u.obj);
      }
    }
    for (const [type, objs] of groupByType([...refetch.values()])) {
      const paths = type === 'VirtualMachine' ? vmPaths : (infraSelections.find((s) => s.type === type)?.paths ?? ['name', 'parent']);
      const contents = await retrieveObjects(this.client, objs, paths).catch(() => []);
      for (const c of contents) this.observe(c.obj.type, c.obj.value, c.props, events);
    }
    if (events.length) await this.sink(events);
  }
}

function groupByType(objs: Array<{ type: string; value: string }>): Map<string, Array<{ type: string; value: string }>> {
  const out = new Map<string, Array<{ type: string; value: string }>>();
  for (const o of objs) out.set(o.type, [...(out.get(o.type) ?? []), o]);
  return out;
}
