import type { InfraInfo, VmInfo } from '../inventory/model';
import { findMatrixRow, type MigrationMode, type SupportMatrix } from './matrix';

/** What a check sees: the VM, the mode, the matrix and (optionally) the mapped target datastore. */
export interface CheckContext {
  vm: VmInfo;
  mode: MigrationMode;
  matrix: SupportMatrix;
  params: Record<string, string | number>;
  targetDatastore?: InfraInfo;
}

/** Details of one hit; they fill the rule's message template. */
export type Hit = Record<string, string | number>;

/** A check returns one entry per problem found (empty = rule passes). */
export type Check = (ctx: CheckContext) => Hit[];

const gib = (bytes: number): string => (bytes / 1024 ** 3).toFixed(1);
const rfc1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 253) return `it is ${name.length} characters long (at most 253)`;
  if (/[A-Z]/.test(name)) return 'it contains uppercase letters';
  if (!rfc1123.test(name)) return 'it may contain only a-z, 0-9 and "-", and must start and end with a letter or digit';
  return undefined;
}

const osName = (vm: VmInfo): string => vm.guestFullName || vm.guestId;

/** The checks rules can name. Each is pure: VM facts in, hits out. */
export const checks: Record<string, Check> = {
  guestOsSupport: ({ vm, mode, matrix, params }) => {
    const row = findMatrixRow(matrix, osName(vm), vm.firmware);
    return row && row[mode] === params.status ? [{ os: row.os, bootMode: row.bootMode, mode }] : [];
  },
  guestOsUnknown: ({ vm, matrix }) => (findMatrixRow(matrix, osName(vm), vm.firmware) ? [] : [{ os: osName(vm), guestId: vm.guestId }]),
  toolsNotInstalled: ({ vm }) => (vm.toolsStatus === 'toolsNotInstalled' ? [{ toolsStatus: vm.toolsStatus }] : []),
  toolsNotRunning: ({ vm }) =>
    vm.toolsStatus !== 'toolsNotInstalled' && vm.toolsRunningStatus !== 'guestToolsRunning' ? [{ toolsRunningStatus: vm.toolsRunningStatus }] : [],
  independentDisk: ({ vm }) => vm.disks.filter((d) => d.diskMode.startsWith('independent')).map((d) => ({ disk: d.label || d.fileName, diskMode: d.diskMode })),
  rdmDisk: ({ vm }) => vm.disks.filter((d) => d.backing.startsWith('rdm')).map((d) => ({ disk: d.label || d.fileName, backing: d.backing })),
  sharedDisk: ({ vm }) =>
    vm.disks
      .filter((d) => d.sharing === 'sharingMultiWriter' || (d.controllerSharing !== 'noSharing' && d.controllerSharing !== ''))
      .map((d) => ({ disk: d.label || d.fileName, sharing: d.sharing, controllerSharing: d.controllerSharing })),
  passthroughDevice: ({ vm }) => vm.passthroughDevices.map((device) => ({ device })),
  existingSnapshots: ({ vm }) => (vm.snapshots.length ? [{ count: vm.snapshots.length, names: vm.snapshots.join(', ') }] : []),
  vmNameInvalid: ({ vm }) => {
    const why = nameProblem(vm.name);
    return why ? [{ name: vm.name, why }] : [];
  },
  cdromAttached: ({ vm }) => vm.cdroms.filter((c) => c.isoPath !== '' && (c.connected || c.startConnected)).map((c) => ({ device: c.key, iso: c.isoPath })),
  nicWithoutIp: ({ vm }) => vm.nics.filter((n) => n.ipAddresses.length === 0).map((n) => ({ mac: n.macAddress, network: n.network })),
  tpmPresent: ({ vm }) => (vm.tpmPresent ? [{}] : []),
  cbtDisabled: ({ vm }) => (vm.cbtEnabled ? [] : [{}]),
  targetDatastoreSpace: ({ vm, targetDatastore }) => {
    if (!targetDatastore) return [];
    const needed = vm.disks.reduce((sum, d) => sum + d.capacityBytes, 0);
    const free = targetDatastore.freeBytes ?? 0;
    return needed > free ? [{ datastore: targetDatastore.name, freeGiB: gib(free), neededGiB: gib(needed) }] : [];
  },
};
