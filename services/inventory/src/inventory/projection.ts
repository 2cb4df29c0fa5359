import { NotFoundError, ValidationError } from '@ferry/errors';
import type { InventoryEvent } from './events';
import type { InfraInfo, InfraKind, Site, VmInfo } from './model';

/** Filters of listVms; all optional, combined with AND. */
export interface VmFilter {
  site?: Site;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  powerState?: string;
  guestIdPrefix?: string;
  firmware?: 'bios' | 'efi';
  hostId?: string;
  datastoreId?: string;
  networkId?: string;
}

/** One page of VMs and the token of the next page ('' when done). */
export interface VmPage {
  vms: VmInfo[];
  nextPageToken: string;
  total: number;
}

const key = (site: Site, id: string): string => `${site}/${id}`;

/**
 * The queryable read model of both vCenters, built only by applying inventory events, so it can
 * be rebuilt from the event history and a rebuilt one equals the live one.
 */
export class InventoryProjection {
  private readonly vms = new Map<string, VmInfo>();
  private readonly infra = new Map<string, InfraInfo>();
  private readonly listeners = new Set<(event: InventoryEvent) => void>();
  /** Events applied so far (a checkpoint for a rebuild). */
  position = 0;

  /** Applies one event (pure state change, no I/O). */
  apply(event: InventoryEvent): void {
    switch (event.type) {
      case 'VmDiscovered':
      case 'VmChanged':
        this.vms.set(key(event.site, event.vm.id), event.vm);
        break;
      case 'VmRemoved':
        this.vms.delete(key(event.site, event.id));
        break;
      case 'InfraObjectSeen':
        this.infra.set(key(event.site, event.object.id), event.object);
        break;
      case 'InfraObjectRemoved':
        this.infra.delete(key(event.site, event.id));
        break;
      case 'InventorySynced':
        break;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
    this.position += 1;
    for (const l of this.listeners) l(event);
  }

  /** Calls `listener` after every applied event; returns the unsubscribe function. */
  subscribe(listener: (event: InventoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One VM, or NotFoundError naming site and id. */
  getVm(site: Site, id: string): VmInfo {
    const vm = this.vms.get(key(site, id));
    if (!vm) throw new NotFoundError(`no VM "${id}" in the ${site} vCenter inventory; list VMs to see valid ids`);
    return vm;
  }

  /** VMs matching `filter`, sorted by site, name, id; `pageToken` is the offset returned by the previous page. */
  listVms(filter: VmFilter = {}, pageSize = 100, pageToken = ''): VmPage {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ValidationError('pageSize', `${pageSize} is not between 1 and 1000`);
    const offset = pageToken === '' ? 0 : Number(pageToken);
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('pageToken', `"${pageToken}" is not a token returned by listVms; start with an empty token`);
    const needle = filter.nameContains?.toLowerCase();
    const all = [...this.vms.values()]
      .filter((vm) => (filter.site ? vm.site === filter.site : true))
      .filter((vm) => (needle ? vm.name.toLowerCase().includes(needle) : true))
      .filter((vm) => (filter.powerState ? vm.powerState === filter.powerState : true))
      .filter((vm) => (filter.guestIdPrefix ? vm.guestId.startsWith(filter.guestIdPrefix) : true))
      .filter((vm) => (filter.firmware ? vm.firmware === filter.firmware : true))
      .filter((vm) => (filter.hostId ? vm.hostId === filter.hostId : true))
      .filter((vm) => (filter.datastoreId ? vm.datastoreIds.includes(filter.datastoreId) : true))
      .filter((vm) => (filter.networkId ? vm.networkIds.includes(filter.networkId) : true))
      .sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const vms = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? String(offset + pageSize) : '';
    return { vms, nextPageToken: next, total: all.length };
  }

  /** Infrastructure objects of one kind (all sites unless given). */
  listInfra(kind: InfraKind, site?: Site): InfraInfo[] {
    return [...this.infra.values()].filter((o) => o.kind === kind && (site ? o.site === site : true));
  }

  /** One infrastructure object, or undefined. */
  getInfra(site: Site, id: string): InfraInfo | undefined {
    return this.infra.get(key(site, id));
  }

  /** Number of VMs per site. */
  count(site?: Site): number {
    return [...this.vms.values()].filter((vm) => (site ? vm.site === site : true)).length;
  }
}
