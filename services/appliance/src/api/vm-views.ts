// Inventory records as the integrator API shows them (ferry.inventory.v1 → ferry.api.v1).
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { MigrationMode } from '../migration';

import api = ferry.api.v1;
import inv = ferry.inventory.v1;

/** "prem" (also the default when empty) or "cloud" → the inventory's site. */
export function siteOf(vcenter: string | null | undefined, field = 'vcenter'): inv.Site {
  switch ((vcenter ?? '').trim().toLowerCase()) {
    case '':
    case 'prem':
      return inv.Site.SITE_PREM;
    case 'cloud':
      return inv.Site.SITE_CLOUD;
    default:
      throw new ValidationError(field, `"${vcenter}" is not a vCenter role; use "prem" (the source) or "cloud" (the target)`);
  }
}

export function vcenterName(site: inv.Site): string {
  return site === inv.Site.SITE_CLOUD ? 'cloud' : 'prem';
}

export function vmView(vm: inv.IVm): api.IVm {
  return {
    ref: { vcenter: vcenterName(vm.site ?? inv.Site.SITE_PREM), moref: vm.id ?? '', name: vm.name ?? '' },
    guestOs: vm.guestFullName || vm.guestId || '',
    powerState: vm.powerState ?? '',
    cpus: vm.cpus ?? 0,
    memoryMib: vm.memoryMib ?? 0,
    disks: (vm.disks ?? []).map((d) => ({ key: String(d.key ?? ''), datastorePath: d.fileName ?? '', capacityBytes: d.capacityBytes ?? 0 })),
    networks: [...new Set((vm.nics ?? []).map((n) => n.network ?? '').filter((n) => n !== ''))],
    folder: vm.folderId ?? '',
    cbtEnabled: vm.cbtEnabled ?? false,
  };
}

/** The inventory's readiness column for a Ferry migration mode (cold, or warm to a vCenter). */
export function inventoryModeOf(mode: number | null | undefined): inv.MigrationMode {
  switch (mode ?? 0) {
    case 0:
    case MigrationMode.Cold:
    // Pre-copy copies the disks as cold does (no guest preparation): the cold column of the support matrix.
    case MigrationMode.Precopy:
      return inv.MigrationMode.MIGRATION_MODE_COLD;
    case MigrationMode.Warm:
      return inv.MigrationMode.MIGRATION_MODE_WARM_VCS;
    default:
      throw new ValidationError('mode', `${mode} is not a migration mode; use MIGRATION_MODE_COLD (1), MIGRATION_MODE_WARM (2) or MIGRATION_MODE_PRECOPY (3)`);
  }
}

const SEVERITY: Readonly<Record<number, api.Severity>> = {
  [inv.Severity.SEVERITY_INFO]: api.Severity.SEVERITY_INFO,
  [inv.Severity.SEVERITY_WARNING]: api.Severity.SEVERITY_WARNING,
  [inv.Severity.SEVERITY_CRITICAL]: api.Severity.SEVERITY_BLOCKER,
};

/** One mode's assessment: ready unless a critical finding blocks it. */
export function assessmentView(reply: inv.IAssessVmResponse, mode: inv.MigrationMode): api.IAssessment {
  const column = (reply.assessments ?? []).find((a) => a.mode === mode) ?? reply.assessments?.[0];
  const vm = reply.vm ? vmView(reply.vm) : undefined;
  return {
    vm: vm?.ref ?? null,
    ready: column ? column.verdict !== inv.Verdict.VERDICT_BLOCKED : false,
    findings: (column?.findings ?? []).map((f) => ({
      rule: f.ruleId ?? '',
      severity: SEVERITY[f.severity ?? 0] ?? api.Severity.SEVERITY_UNSPECIFIED,
      message: f.message ?? '',
      remedy: f.remedy ?? '',
    })),
  };
}
