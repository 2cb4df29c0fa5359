import type { VmInfo } from './model';
import { InventoryProjection } from './projection';

function vm(id: string, name: string, extra: Partial<VmInfo> = {}): VmInfo {
  return {
    site: 'prem', id, name, instanceUuid: id, guestId: 'ubuntu64Guest', guestFullName: 'Ubuntu Server 20.04', firmware: 'bios', cpus: 1, coresPerSocket: 1,
    memoryMiB: 512, powerState: 'poweredOn', toolsStatus: 'toolsOk', toolsRunningStatus: 'guestToolsRunning', cbtEnabled: true, disks: [], nics: [], cdroms: [],
    snapshots: [], passthroughDevices: [], tpmPresent: false, hostId: 'host-1', resourcePoolId: 'rp', folderId: 'f', datastoreIds: [], networkIds: [], ...extra,
  };
}

function given(...vms: VmInfo[]): InventoryProjection {
  const p = new InventoryProjection();
  for (const v of vms) p.apply({ type: 'VmDiscovered', site: v.site, vm: v });
  return p;
}

describe('InventoryProjection.listVms paging', () => {
  it('given VMs added and removed between pages, when paging on, then every VM present throughout is listed exactly once', () => {
    const p = given(...Array.from({ length: 10 }, (_, i) => vm(`vm-${i}`, `app-${String(i).padStart(2, '0')}`)));
    const first = p.listVms({}, 4);
    p.apply({ type: 'VmRemoved', site: 'prem', id: 'vm-1' }); // already listed
    p.apply({ type: 'VmDiscovered', site: 'prem', vm: vm('vm-50', 'aaa-first') }); // sorts before the cursor
    const rest: VmInfo[] = [];
    let token = first.nextPageToken;
    while (token) {
      const page = p.listVms({}, 4, token);
      rest.push(...page.vms);
      token = page.nextPageToken;
    }
    const names = [...first.vms, ...rest].map((v) => v.name);
    expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `app-${String(i).padStart(2, '0')}`));
  });

  it('given a token that was not issued, when listing, then a ValidationError names page_token', () => {
    expect(() => given(vm('vm-1', 'a')).listVms({}, 10, 'garbage!')).toThrow(/^page_token: "garbage!" is not a token/);
  });

  it('given guest OS and custom filters, when listing, then both apply', () => {
    const p = given(vm('vm-1', 'a', { guestFullName: 'Microsoft Windows Server 2019 (64-bit)', guestId: 'windows9Server64Guest' }), vm('vm-2', 'b'));
    expect(p.listVms({ guestOsContains: 'WINDOWS' }).vms.map((v) => v.id)).toEqual(['vm-1']);
    expect(p.listVms({ where: (v) => v.name === 'b' }).vms.map((v) => v.id)).toEqual(['vm-2']);
  });
});
