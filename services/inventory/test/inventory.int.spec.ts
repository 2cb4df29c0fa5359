import { startVcsimPair, type VcsimPair } from '@ferry/testing';
import { VsphereClient, defaultPlacement, powerOffHard, reconfigureVm, type DefaultPlacement } from '@ferry/vsphere';
import { InventoryCollector, InventoryProjection, assessAllModes, loadRules, loadSupportMatrix, type InventoryEvent, type VmInfo } from '../src';
import { createModel, mixedModel, type ModelVm } from './vm-model';

jest.setTimeout(180_000);

let pair: VcsimPair;
let prem: VsphereClient;
let cloud: VsphereClient;
let place: DefaultPlacement;
const projection = new InventoryProjection();
const events: InventoryEvent[] = [];
let collectors: InventoryCollector[] = [];
let model: ModelVm[];

beforeAll(async () => {
  pair = await startVcsimPair();
  const connect = (vc: VcsimPair['prem']): Promise<VsphereClient> =>
    VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
  prem = await connect(pair.prem);
  cloud = await connect(pair.cloud);
  place = await defaultPlacement(prem);
  model = mixedModel(24, place.networks.filter((n) => n.ref.type === 'Network').map((n) => n.name));
  await createModel(prem, place, model);
  const sink = (batch: InventoryEvent[]): void => {
    events.push(...batch);
    for (const e of batch) projection.apply(e);
  };
  collectors = [new InventoryCollector(prem, 'prem', sink, { pageSize: 7 }), new InventoryCollector(cloud, 'cloud', sink)];
  for (const c of collectors) {
    await c.collectAll();
    await c.follow();
  }
});

afterAll(async () => {
  for (const c of collectors) await c.stop();
  await prem?.logout();
  await cloud?.logout();
  await pair?.stop();
});

function collected(name: string): VmInfo {
  const vm = projection.listVms({ site: 'prem', nameContains: name }).vms.find((v) => v.name === name);
  if (!vm) throw new Error(`VM ${name} not in the projection`);
  return vm;
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

describe('inventory against vcsim (prem + cloud)', () => {
  it('collects every created VM field by field', () => {
    expect(projection.count('prem')).toBe(model.length);
    for (const m of model) {
      const vm = collected(m.name);
      expect({
        guestId: vm.guestId, guestFullName: vm.guestFullName, firmware: vm.firmware, cpus: vm.cpus, memoryMiB: vm.memoryMiB, cbt: vm.cbtEnabled,
        power: vm.powerState,
      }).toEqual({ guestId: m.guestId, guestFullName: m.guestFullName, firmware: m.firmware, cpus: m.cpus, memoryMiB: m.memoryMiB, cbt: m.cbt, power: m.powerOn ? 'poweredOn' : 'poweredOff' });
      expect(vm.disks.map((d) => ({ capacityKB: d.capacityBytes / 1024, controller: d.controllerType, diskMode: d.diskMode }))).toEqual(m.disks);
      expect(vm.disks.every((d) => d.backing === 'flat' && d.fileName.startsWith(`[${place.datastores[0]!.name}]`))).toBe(true);
      expect(vm.nics.map((n) => ({ network: n.network, adapter: n.adapterType }))).toEqual(m.nics.map((n) => ({ network: n.network, adapter: n.adapter })));
      expect(vm.nics.every((n) => /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(n.macAddress))).toBe(true);
      expect(vm.nics[0]!.ipAddresses).toEqual(m.nics[0]!.ip ? [m.nics[0]!.ip] : []);
      expect(vm.id).toBe(m.ref!.value);
    }
  });

  it('collects the infrastructure of both vCenters with datastore free space', () => {
    for (const site of ['prem', 'cloud'] as const) {
      expect(projection.listInfra('Datacenter', site).length).toBe(1);
      expect(projection.listInfra('HostSystem', site).length).toBeGreaterThan(0);
      const ds = projection.listInfra('Datastore', site);
      expect(ds.length).toBeGreaterThan(0);
      expect(ds.every((d) => (d.freeBytes ?? 0) > 0 && (d.capacityBytes ?? 0) >= (d.freeBytes ?? 0))).toBe(true);
    }
  });

  it('shows a power-off and an added disk within 5 s through WaitForUpdatesEx', async () => {
    const target = model.find((m) => m.powerOn)!;
    const before = collected(target.name);
    const discoveredBefore = events.filter((e) => e.type === 'VmDiscovered').length;
    await powerOffHard(prem, target.ref!);
    await reconfigureVm(prem, target.ref!, {
      addDevices: [{ kind: 'disk', controllerKey: before.disks[0]!.controllerKey, unitNumber: before.disks.length, capacityKB: 2048, datastoreName: place.datastores[0]!.name }],
    });
    const ms = await eventually(() => {
      const vm = collected(target.name);
      return vm.powerState === 'poweredOff' && vm.disks.length === before.disks.length + 1;
    }, 5_000);
    expect(ms).toBeLessThan(5_000);
    expect(events.some((e) => e.type === 'VmChanged' && e.vm.id === target.ref!.value && e.changed.includes('disks'))).toBe(true);
    // only the changed VM produced events: no re-collection of everything
    expect(events.filter((e) => e.type === 'VmDiscovered').length).toBe(discoveredBefore);
  });

  it('a projection rebuilt from the events equals the live one', () => {
    const rebuilt = new InventoryProjection();
    for (const e of events) rebuilt.apply(e);
    expect(rebuilt.listVms({}, 1000)).toEqual(projection.listVms({}, 1000));
  });

  it('pages the list with filters', () => {
    const first = projection.listVms({ site: 'prem', firmware: 'efi' }, 5);
    expect(first.vms).toHaveLength(5);
    const second = projection.listVms({ site: 'prem', firmware: 'efi' }, 5, first.nextPageToken);
    expect(second.vms[0]!.name > first.vms[4]!.name).toBe(true);
    expect(first.total).toBe(model.filter((m) => m.firmware === 'efi').length);
  });

  it('assesses the whole model in the three modes', () => {
    const input = { rules: loadRules(), matrix: loadSupportMatrix() };
    const results = model.map((m) => ({ m, modes: assessAllModes(collected(m.name), input) }));
    const ruleIds = (name: string, mode: string): string[] =>
      results.find((r) => r.m.name === name)!.modes.find((x) => x.mode === mode)!.findings.map((f) => f.ruleId);
    for (const { m, modes } of results) {
      expect(modes.map((x) => x.mode)).toEqual(['warm-vcd', 'warm-vcs', 'cold']);
      if (m.name.includes('_')) expect(ruleIds(m.name, 'cold')).toContain('vm-name-invalid');
      if (m.disks.some((d) => d.diskMode.startsWith('independent'))) expect(ruleIds(m.name, 'cold')).toContain('independent-disk');
      if (!m.cbt) expect(ruleIds(m.name, 'warm-vcd')).toContain('cbt-disabled');
      if (m.guestFullName.includes('2019') && m.firmware === 'efi') expect(modes[0]!.verdict).toBe('blocked');
    }
    const verdicts = new Set(results.flatMap((r) => r.modes.map((x) => x.verdict)));
    expect(verdicts.has('blocked')).toBe(true);
  });
});
