import type { InfraInfo, VmInfo } from '../inventory/model';
import { assessVm, type AssessmentInput } from './assess';
import { loadSupportMatrix, type MigrationMode } from './matrix';
import { loadRules } from './rules';

const input: AssessmentInput = { rules: loadRules(), matrix: loadSupportMatrix() };

/** A VM that trips no rule in any mode. */
function cleanVm(): VmInfo {
  return {
    site: 'prem', id: 'vm-1', name: 'web-01', instanceUuid: 'u', guestId: 'ubuntu64Guest', guestFullName: 'Ubuntu Server 20.04', firmware: 'efi',
    cpus: 2, coresPerSocket: 1, memoryMiB: 2048, powerState: 'poweredOn', toolsStatus: 'toolsOk', toolsRunningStatus: 'guestToolsRunning', cbtEnabled: true,
    disks: [{ key: 2000, label: 'Hard disk 1', capacityBytes: 10 * 1024 ** 3, backing: 'flat', fileName: '[ds] web-01/web-01.vmdk', datastoreId: 'ds-1',
      diskMode: 'persistent', thinProvisioned: true, sharing: 'sharingNone', controllerKey: 1000, controllerType: 'ParaVirtualSCSIController', controllerBus: 0, unitNumber: 0, controllerSharing: 'noSharing' }],
    nics: [{ key: 4000, adapterType: 'VirtualVmxnet3', macAddress: '00:50:56:00:00:01', network: 'VM Network', networkId: 'network-1', connected: true, ipAddresses: ['10.0.0.5'] }],
    cdroms: [{ key: 3000, isoPath: '', connected: false, startConnected: false }], snapshots: [], passthroughDevices: [], tpmPresent: false,
    hostId: 'host-1', resourcePoolId: 'rp-1', folderId: 'folder-1', datastoreIds: ['ds-1'], networkIds: ['network-1'],
  };
}
const bigDatastore: InfraInfo = { site: 'cloud', kind: 'Datastore', id: 'ds-9', name: 'cloud-ds', parentId: '', capacityBytes: 1e12, freeBytes: 5e11 };
const smallDatastore: InfraInfo = { ...bigDatastore, freeBytes: 1024 ** 3 };

const ids = (vm: VmInfo, mode: MigrationMode, extra: Partial<AssessmentInput> = {}): string[] => assessVm(vm, mode, { ...input, ...extra }).findings.map((f) => f.ruleId);

interface Case { rule: string; mode: MigrationMode; trip: (vm: VmInfo) => void; extra?: Partial<AssessmentInput> }
const cases: Case[] = [
  { rule: 'guest-os-not-supported', mode: 'warm-vcd', trip: (vm) => { vm.guestFullName = 'Microsoft Windows Server 2019 (64-bit)'; } },
  { rule: 'guest-os-not-qualified', mode: 'warm-vcs', trip: (vm) => { vm.guestFullName = 'Red Hat Enterprise Linux 7.2'; } },
  { rule: 'guest-os-unknown-warm', mode: 'warm-vcd', trip: (vm) => { vm.guestFullName = 'FreeBSD 13'; } },
  { rule: 'guest-os-unknown-cold', mode: 'cold', trip: (vm) => { vm.guestFullName = 'FreeBSD 13'; } },
  { rule: 'tools-not-installed', mode: 'warm-vcs', trip: (vm) => { vm.toolsStatus = 'toolsNotInstalled'; } },
  { rule: 'tools-missing-cold', mode: 'cold', trip: (vm) => { vm.toolsStatus = 'toolsNotInstalled'; } },
  { rule: 'tools-not-running', mode: 'warm-vcd', trip: (vm) => { vm.toolsStatus = 'toolsNotRunning'; vm.toolsRunningStatus = 'guestToolsNotRunning'; } },
  { rule: 'independent-disk', mode: 'cold', trip: (vm) => { vm.disks[0]!.diskMode = 'independent_persistent'; } },
  { rule: 'rdm-disk', mode: 'cold', trip: (vm) => { vm.disks[0]!.backing = 'rdm-physical'; } },
  { rule: 'shared-disk', mode: 'warm-vcd', trip: (vm) => { vm.disks[0]!.sharing = 'sharingMultiWriter'; } },
  { rule: 'passthrough-device', mode: 'cold', trip: (vm) => { vm.passthroughDevices = ['VirtualPCIPassthrough']; } },
  { rule: 'existing-snapshots', mode: 'warm-vcd', trip: (vm) => { vm.snapshots = ['before-patch']; } },
  { rule: 'vm-name-invalid', mode: 'cold', trip: (vm) => { vm.name = 'Web_01'; } },
  { rule: 'cdrom-attached', mode: 'cold', trip: (vm) => { vm.cdroms[0] = { key: 3000, isoPath: '[ds] iso/install.iso', connected: true, startConnected: true }; } },
  { rule: 'nic-without-ip', mode: 'warm-vcs', trip: (vm) => { vm.nics[0]!.ipAddresses = []; } },
  { rule: 'tpm-present', mode: 'cold', trip: (vm) => { vm.tpmPresent = true; } },
  { rule: 'cbt-disabled', mode: 'warm-vcd', trip: (vm) => { vm.cbtEnabled = false; } },
  { rule: 'target-datastore-space', mode: 'cold', trip: () => undefined, extra: { targetDatastore: smallDatastore } },
];

describe('readiness rules', () => {
  it('every rule file has a test case', () => {
    expect(input.rules.map((r) => r.id).sort()).toEqual(cases.map((c) => c.rule).sort());
  });

  it.each(cases)('$rule: a VM that trips it gets the finding; a clean VM does not', ({ rule, mode, trip, extra }) => {
    const clean = cleanVm();
    expect(ids(clean, mode, { targetDatastore: bigDatastore })).not.toContain(rule);
    const vm = cleanVm();
    trip(vm);
    const result = assessVm(vm, mode, { ...input, targetDatastore: bigDatastore, ...extra });
    const finding = result.findings.find((f) => f.ruleId === rule);
    expect(finding).toBeDefined();
    expect(finding!.message).not.toMatch(/\{\w+\}/);
    const severity = input.rules.find((r) => r.id === rule)!.severity;
    expect(result.verdict).toBe(severity === 'critical' ? 'blocked' : severity === 'warning' ? 'ready-with-warnings' : result.verdict);
  });

  it('a clean VM is ready in all three modes', () => {
    for (const mode of ['warm-vcd', 'warm-vcs', 'cold'] as const) expect(assessVm(cleanVm(), mode, input).verdict).toBe('ready');
  });

  it('the matrix decides per mode: Windows 2019 UEFI is blocked warm but ready cold', () => {
    const vm = cleanVm();
    vm.guestFullName = 'Microsoft Windows Server 2019 (64-bit)';
    expect(assessVm(vm, 'warm-vcd', input).verdict).toBe('blocked');
    expect(assessVm(vm, 'cold', input).verdict).toBe('ready');
  });

  it('VM names follow RFC 1123: 253 characters pass, 254 do not', () => {
    const vm = cleanVm();
    vm.name = 'a'.repeat(253);
    expect(ids(vm, 'cold')).not.toContain('vm-name-invalid');
    vm.name = 'a'.repeat(254);
    expect(ids(vm, 'cold')).toContain('vm-name-invalid');
  });
});
