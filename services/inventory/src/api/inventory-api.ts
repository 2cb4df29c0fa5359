import { NotFoundError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { InfraKind, Site, VmInfo } from '../inventory/model';
import type { InventoryProjection } from '../inventory/projection';
import { assessAllModes, assessVm, type AssessmentInput, type Verdict } from '../readiness/assess';
import type { MigrationMode } from '../readiness/matrix';
import { decodeKind, decodeSite, encodeInfra, encodeVm } from '../wire/model-codec';
import { decodeMode, decodeVerdict, encodeAssessment } from './readiness-codec';

import pb = ferry.inventory.v1;

const POWER_STATES = ['poweredOn', 'poweredOff', 'suspended'];
const DEFAULT_PAGE_SIZE = 100;

function siteOf(value: pb.Site | null | undefined, field: string, fallback: Site | undefined): Site | undefined {
  if (!value) return fallback;
  const site = decodeSite(value);
  if (!site) throw new ValidationError(field, `${value} is not a Site (1 prem, 2 cloud)`);
  return site;
}

/**
 * The InventoryService methods over the projection, in wire types. Input problems are
 * ValidationErrors naming the request field; unknown ids are NotFoundErrors naming the id.
 */
export class InventoryApi {
  /** Verdicts per VM object: a changed VM is a new object, so a cached verdict is never stale. */
  private readonly verdicts = new WeakMap<VmInfo, Map<MigrationMode, Verdict>>();

  constructor(
    private readonly view: InventoryProjection,
    private readonly readiness: Omit<AssessmentInput, 'targetDatastore'>,
  ) {}

  listVms(req: pb.IListVmsRequest): pb.IListVmsResponse {
    const f = req.filter ?? {};
    const mode = decodeMode(f.readinessMode, 'filter.readiness_mode');
    const verdict = decodeVerdict(f.readinessVerdict, 'filter.readiness_verdict');
    if ((mode === undefined) !== (verdict === undefined)) {
      const missing = mode === undefined ? 'filter.readiness_mode' : 'filter.readiness_verdict';
      throw new ValidationError(missing, 'is required when the other readiness filter is set; set both readiness_mode and readiness_verdict, or neither');
    }
    if (f.powerState && !POWER_STATES.includes(f.powerState)) {
      throw new ValidationError('filter.power_state', `"${f.powerState}" is not one of ${POWER_STATES.join(', ')}`);
    }
    const pageSize = req.pageSize || DEFAULT_PAGE_SIZE;
    const page = this.view.listVms(
      {
        site: siteOf(f.site, 'filter.site', undefined),
        nameContains: f.nameContains || undefined,
        powerState: f.powerState || undefined,
        guestOsContains: f.guestOsContains || undefined,
        where: mode && verdict ? (vm) => this.verdictOf(vm, mode) === verdict : undefined,
      },
      pageSize,
      req.pageToken ?? '',
    );
    return { vms: page.vms.map(encodeVm), nextPageToken: page.nextPageToken, total: page.total };
  }

  getVm(req: pb.IGetVmRequest): pb.IVm {
    return encodeVm(this.vm(req.site, req.id));
  }

  listInfra(req: pb.IListInfraRequest): pb.IListInfraResponse {
    const site = siteOf(req.site, 'site', undefined);
    const kinds = (req.kinds ?? []).map((k, i): InfraKind => {
      const kind = decodeKind(k);
      if (!kind) throw new ValidationError(`kinds[${i}]`, `${k} is not an InfraKind (1 datacenter ... 7 resource pool)`);
      return kind;
    });
    const objects = this.view.allInfra(site)
      .filter((o) => kinds.length === 0 || kinds.includes(o.kind))
      .sort((a, b) => (a.site + a.kind + a.name + a.id < b.site + b.kind + b.name + b.id ? -1 : 1));
    return { objects: objects.map(encodeInfra) };
  }

  assessVm(req: pb.IAssessVmRequest): pb.IAssessVmResponse {
    const vm = this.vm(req.site, req.id);
    const mode = decodeMode(req.mode, 'mode');
    let targetDatastore;
    if (req.targetDatastoreId) {
      targetDatastore = this.view.getInfra('cloud', req.targetDatastoreId);
      if (targetDatastore?.kind !== 'Datastore') {
        throw new NotFoundError(`no datastore "${req.targetDatastoreId}" in the cloud vCenter inventory; list datastores with ListInfra (kinds: INFRA_KIND_DATASTORE, site: SITE_CLOUD)`);
      }
    }
    const input = { ...this.readiness, targetDatastore };
    const assessments = mode ? [assessVm(vm, mode, input)] : assessAllModes(vm, input);
    return { vm: encodeVm(vm), assessments: assessments.map(encodeAssessment) };
  }

  private vm(siteValue: pb.Site | null | undefined, id: string | null | undefined): VmInfo {
    const site = siteOf(siteValue, 'site', 'prem') ?? 'prem';
    if (!id) throw new ValidationError('id', 'is empty; pass a VM managed object id such as "vm-42" (ListVms shows them)');
    return this.view.getVm(site, id);
  }

  private verdictOf(vm: VmInfo, mode: MigrationMode): Verdict {
    let cached = this.verdicts.get(vm);
    if (!cached) this.verdicts.set(vm, (cached = new Map()));
    let verdict = cached.get(mode);
    if (!verdict) cached.set(mode, (verdict = assessVm(vm, mode, this.readiness).verdict));
    return verdict;
  }
}
