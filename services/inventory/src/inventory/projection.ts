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
  /** Case-insensitive substring of the guest OS name or the guest id. */
  guestOsContains?: string;
  /** Any further condition (the readiness verdict filter uses it). */
  where?: (vm: VmInfo) => boolean;
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

type SortKey = [site: string, name: string, id: string];
const sortKey = (vm: VmInfo): SortKey => [vm.site, vm.name, vm.id];
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareKeys = (a: SortKey, b: SortKey): number => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]);
const compareVms = (a: VmInfo, b: VmInfo): number => compareKeys(sortKey(a), sortKey(b));

function encodePageToken(k: SortKey): string {
  return Buffer.from(JSON.stringify(k)).toString('base64url');
}

function decodePageToken(token: string): SortKey {
  try {
    const k: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(k) && k.length === 3 && k.every((x) => typeof x === 'string')) return k as SortKey;
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('page_token', `"${token}" is not a token returned by a previous page; start with an empty token`);
}

function matches(vm: VmInfo, f: VmFilter): boolean {
  const has = (text: string, needle: string | undefined): boolean => !needle || text.toLowerCase().includes(needle.toLowerCase());
  return (!f.site || vm.site === f.site)
    && has(vm.name, f.nameContains)
    && (!f.powerState || vm.powerState === f.powerState)
    && (!f.guestIdPrefix || vm.guestId.startsWith(f.guestIdPrefix))
    && (!f.guestOsContains || has(vm.guestFullName, f.guestOsContains) || has(vm.guestId, f.guestOsContains))
    && (!f.firmware || vm.firmware === f.firmware)
    && (!f.hostId || vm.hostId === f.hostId)
    && (!f.datastoreId || vm.datastoreIds.includes(f.datastoreId))
    && (!f.networkId || vm.networkIds.includes(f.networkId))
    && (!f.where || f.where(vm));
}

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

  /** Forgets everything (a rebuild from zero starts here). */
  clear(): void {
    this.vms.clear();
    this.infra.clear();
    this.position = 0;
  }

  /** Every VM of one site (or of both), unordered. */
  allVms(site?: Site): VmInfo[] {
    return [...this.vms.values()].filter((vm) => (site ? vm.site === site : true));
  }

  /** Every infrastructure object of one site (or of both), unordered. */
  allInfra(site?: Site): InfraInfo[] {
    return [...this.infra.values()].filter((o) => (site ? o.site === site : true));
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

  /**
   * VMs matching `filter`, ordered by site, name, id (code-point order). The page token is the sort
   * key of the last VM of the previous page, so every VM is listed exactly once even when VMs
   * appear or disappear between pages.
   */
  listVms(filter: VmFilter = {}, pageSize = 100, pageToken = ''): VmPage {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ValidationError('page_size', `${pageSize} is not between 1 and 1000`);
    const after = pageToken === '' ? undefined : decodePageToken(pageToken);
    const all = [...this.vms.values()].filter((vm) => matches(vm, filter)).sort(compareVms);
    const start = after ? all.findIndex((vm) => compareKeys(sortKey(vm), after) > 0) : 0;
    const vms = start < 0 ? [] : all.slice(start, start + pageSize);
    const last = vms[vms.length - 1];
    const next = start >= 0 && start + pageSize < all.length && last ? encodePageToken(sortKey(last)) : '';
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
