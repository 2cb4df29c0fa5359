import { ferry } from '@ferry/proto';
import type { InfraInfo, VmInfo } from '../inventory/model';
import { InventoryProjection } from '../inventory/projection';
import { loadSupportMatrix } from '../readiness/matrix';
import { loadRules } from '../readiness/rules';
import { InventoryApi } from './inventory-api';

import pb = ferry.inventory.v1;

const GiB = 1024 ** 3;

function vmWithDisks(capacities: number[]): VmInfo {
  return {
    site: 'prem', id: 'vm-7', name: 'web-07', instanceUuid: 'u-7', guestId: 'ubuntu64Guest', guestFullName: 'Ubuntu Server 20.04', firmware: 'efi',
    cpus: 2, coresPerSocket: 1, memoryMiB: 2048, powerState: 'poweredOn', toolsStatus: 'toolsOk', toolsRunningStatus: 'guestToolsRunning', cbtEnabled: true,
    disks: capacities.map((capacityBytes, i) => ({
      key: 2000 + i, label: `Hard disk ${i + 1}`, capacityBytes, backing: 'flat', fileName: `[prem-ds] web-07/web-07_${i}.vmdk`, datastoreId: 'ds-1', diskMode: 'persistent',
      thinProvisioned: true, sharing: 'sharingNone', controllerKey: 1000, controllerType: 'ParaVirtualSCSIController', controllerBus: 0, unitNumber: i, controllerSharing: 'noSharing',
    })),
    nics: [{ key: 4000, adapterType: 'VirtualVmxnet3', macAddress: '00:50:56:00:00:07', network: 'VM Network', networkId: 'network-1', connected: true, ipAddresses: ['10.0.0.7'] }],
    cdroms: [], snapshots: [], passthroughDevices: [], tpmPresent: false, hostId: 'host-1', resourcePoolId: 'rp-1', folderId: 'folder-1', datastoreIds: ['ds-1'], networkIds: ['network-1'],
  };
}

const cloudDatastore = (freeBytes: number): InfraInfo => ({ site: 'cloud', kind: 'Datastore', id: 'datastore-9', name: 'cloud-ds', parentId: '', capacityBytes: 100 * GiB, freeBytes });

function api(vm: VmInfo, datastore: InfraInfo): InventoryApi {
  const view = new InventoryProjection();
  view.apply({ type: 'VmDiscovered', site: 'prem', vm });
  view.apply({ type: 'InfraObjectSeen', site: 'cloud', object: datastore });
  return new InventoryApi(view, { rules: loadRules(), matrix: loadSupportMatrix() });
}

const spaceFinding = (reply: pb.IAssessVmResponse): pb.IFinding | undefined => reply.assessments?.[0]?.findings?.find((f) => f.ruleId === 'target-datastore-space');
const cold = { site: pb.Site.SITE_PREM, id: 'vm-7', mode: pb.MigrationMode.MIGRATION_MODE_COLD };

describe('AssessVm with the target datastore a migration maps the VM to', () => {
  it('blocks a VM whose disks do not fit the datastore, naming it and the sizes', () => {
    const reply = api(vmWithDisks([8 * GiB, 4 * GiB]), cloudDatastore(10 * GiB)).assessVm({ ...cold, targetDatastoreId: 'datastore-9' });
    const finding = spaceFinding(reply);
    expect(finding?.severity).toBe(pb.Severity.SEVERITY_CRITICAL);
    expect(finding?.message).toContain('cloud-ds');
  });

  it('passes a VM whose disks fit', () => {
    expect(spaceFinding(api(vmWithDisks([8 * GiB]), cloudDatastore(10 * GiB)).assessVm({ ...cold, targetDatastoreId: 'datastore-9' }))).toBeUndefined();
  });

  it('does not run the rule without a target datastore', () => {
    expect(spaceFinding(api(vmWithDisks([8 * GiB, 4 * GiB]), cloudDatastore(10 * GiB)).assessVm(cold))).toBeUndefined();
  });
});
