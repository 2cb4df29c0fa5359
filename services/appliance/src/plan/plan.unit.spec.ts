import { IllegalStateError, ValidationError, grpcStatusOf } from '@ferry/errors';
import { DeciderSpecification } from '@ferry/event-store';
import { MigrationMode } from '../migration';
import type { PlanCommand } from './plan-commands';
import { planDecider } from './plan-decider';
import type { PlanEvent } from './plan-events';
import { planCodec } from './plan-codec';

const spec = DeciderSpecification.for(planDecider);
const meta = (n: number) => ({ commandId: `cmd-${n}`, planId: 'plan-1', at: 1_000 * n });
const emeta = (n: number) => ({ planId: 'plan-1', at: 1_000 * n, causeCommandId: `cmd-${n}` });

const inventory = {
  sourceVms: { 'vm-1': { networks: ['VM Network'], datastores: ['prem-ds'] }, 'vm-2': { networks: ['VM Network', 'backup'], datastores: ['prem-ds'] } },
  targetNetworks: ['cloud-net', 'cloud-backup'],
  targetDatastores: ['cloud-ds'],
  targetPlacement: {
    folder: { paths: ['/DC0/host', '/DC0/vm', '/DC0/vm/web'], unresolvedNames: [] },
    resourcePool: { paths: ['/DC0/host/DC0_C0/Resources'], unresolvedNames: ['Resources'] },
    datacenter: { paths: ['/DC0'], unresolvedNames: [] },
  },
};
const settings = {
  name: 'wave 1',
  vms: [{ vcenter: 'prem', moref: 'vm-1', name: 'a' }, { vcenter: 'prem', moref: 'vm-2', name: 'b' }],
  mode: MigrationMode.Cold as MigrationMode,
  networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'cloud-net' }, { sourceNetwork: 'backup', targetNetwork: 'cloud-backup' }],
  storageMap: [{ sourceDatastore: 'prem-ds', targetDatastore: 'cloud-ds' }],
  target: { folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources', datacenter: 'DC0' },
};
const create = (overrides: Partial<Extract<PlanCommand, { type: 'CreatePlan' }>['data']> = {}, n = 1): PlanCommand => ({
  type: 'CreatePlan',
  data: { meta: meta(n), ...settings, inventory, ...overrides },
});
const created = (concurrency = 8, scheduledStartMillis = 0, maxDiskBytesPerSecond = 0): PlanEvent => ({ type: 'PlanCreated', data: { meta: emeta(1), ...settings, concurrency, scheduledStartMillis, maxDiskBytesPerSecond, acceptUnqualified: false, precopyIntervalSeconds: 0, scheduledCutoverMillis: 0 } });
const started: PlanEvent = { type: 'PlanStarted', data: { meta: emeta(2), migrations: [{ vmMoref: 'vm-1', migrationId: 'm-1' }, { vmMoref: 'vm-2', migrationId: 'm-2' }] } };

describe('plan aggregate', () => {
  describe('CreatePlan', () => {
    it('creates a valid plan with the default concurrency of 8', () => {
      spec.given([]).when(create()).then([created()]);
    });
    it('keeps an explicit concurrency and a scheduled start', () => {
      spec.given([]).when(create({ concurrency: 2, scheduledStartMillis: 5_000 })).then([created(2, 5_000)]);
    });
    it('refuses a scheduled start already past for a new plan, naming the field and the fix; the same request retried later is accepted', () => {
      spec
        .given([])
        .when(create({ scheduledStartMillis: 999 }))
        .thenThrows(ValidationError, "scheduled_start: 1970-01-01T00:00:00.999Z is in the past (the appliance's time is 1970-01-01T00:00:01.000Z); set a time ahead");
      spec.given([created(8, 5_000)]).when(create({ scheduledStartMillis: 5_000 }, 9)).then([]);
    });
    it('keeps a per-disk wire-rate cap; refuses one below 1 MiB/s, naming the field and its unit', () => {
      spec.given([]).when(create({ maxDiskBytesPerSecond: 50 * 2 ** 20 })).then([created(8, 0, 50 * 2 ** 20)]);
      spec.given([]).when(create({ maxDiskBytesPerSecond: 1000 })).thenThrows(ValidationError, 'max_disk_bytes_per_second: must be at least 1048576 (1 MiB/s), got 1000; it is in bytes per second');
    });
    it('refuses concurrency 0 as INVALID_ARGUMENT naming the field', () => {
      spec.given([]).when(create({ concurrency: 0 })).thenThrows(ValidationError, 'concurrency: must be at least 1, got 0');
      try {
        planDecider.decide(create({ concurrency: 0 }), planDecider.initialState);
      } catch (error) {
        expect(grpcStatusOf(error)).toBe(3);
      }
      expect.assertions(1);
    });
    it('refuses an unknown VM, naming its position and moref', () => {
      spec.given([]).when(create({ vms: [...settings.vms, { vcenter: 'prem', moref: 'vm-99', name: 'ghost' }] })).thenThrows(ValidationError, 'vms[2].moref: "vm-99" is not a VM in the prem inventory');
    });
    it('refuses a VM listed twice', () => {
      spec.given([]).when(create({ vms: [settings.vms[0]!, settings.vms[0]!] })).thenThrows(ValidationError, 'vms[1].moref');
    });
    it('refuses an unknown target network in the map and lists the known ones', () => {
      spec
        .given([])
        .when(create({ networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'nowhere' }, settings.networkMap[1]!] }))
        .thenThrows(ValidationError, 'network_map[0].target_network: "nowhere" is not a network on the cloud vCenter; use one of "cloud-net", "cloud-backup"');
    });
    it('refuses a plan that leaves a source network unmapped', () => {
      spec.given([]).when(create({ networkMap: [settings.networkMap[0]!] })).thenThrows(ValidationError, 'network_map: source network "backup" of vm-2 is not mapped');
    });
    it('refuses an incomplete storage map and an unknown target datastore', () => {
      spec.given([]).when(create({ storageMap: [] })).thenThrows(ValidationError, 'storage_map: source datastore "prem-ds" of vm-1 is not mapped');
      spec.given([]).when(create({ storageMap: [{ sourceDatastore: 'prem-ds', targetDatastore: 'x' }] })).thenThrows(ValidationError, 'storage_map[0].target_datastore');
    });
    it('refuses a target folder, resource pool or datacenter the cloud inventory does not have, listing the known ones', () => {
      spec.given([]).when(create({ target: { ...settings.target, folder: '/DC0/vm/nowhere' } }))
        .thenThrows(ValidationError, 'target.folder: "/DC0/vm/nowhere" is not a VM folder on the cloud vCenter; use one of "/DC0/host", "/DC0/vm", "/DC0/vm/web"');
      spec.given([]).when(create({ target: { ...settings.target, datacenter: 'DC9' } }))
        .thenThrows(ValidationError, 'target.datacenter: "DC9" is not a datacenter on the cloud vCenter; use one of "/DC0"');
      spec.given([]).when(create({ target: { ...settings.target, resourcePool: '/DC0/host/DC0_C0/Pool' } })).thenThrows(ValidationError, 'target.resource_pool:');
      spec.given([]).when(create({ inventory: { ...inventory, targetPlacement: { ...inventory.targetPlacement, folder: { paths: [], unresolvedNames: [] } } } }))
        .thenThrows(ValidationError, 'target.folder: "/DC0/vm" is not a VM folder on the cloud vCenter; use one of (none found)');
    });
    it('takes a datacenter by path or name, a folder with or without its leading slash, an empty target, and a pool the inventory can only name', () => {
      const ok = (target: typeof settings.target) => spec.given([]).when(create({ target })).then([{ ...created(), data: { ...created().data, target } } as PlanEvent]);
      ok({ folder: 'DC0/vm/web', resourcePool: '/DC0/host/DC0_C0/Resources', datacenter: '/DC0' });
      ok({ folder: '', resourcePool: '', datacenter: '' });
      ok({ folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_H0/Resources', datacenter: 'DC0' }); // a standalone host's pool: its path is not known, its name is
    });
    it('refuses an empty plan, a nameless plan and a mode without an itinerary', () => {
      spec.given([]).when(create({ vms: [] })).thenThrows(ValidationError, 'vms: is empty');
      spec.given([]).when(create({ name: ' ' })).thenThrows(ValidationError, 'name:');
      spec.given([]).when(create({ mode: 4 as MigrationMode })).thenThrows(ValidationError, 'mode:');
    });
    it('pre-copy: an interval of at least the minimum (default 60 min); below it, or on another mode, is refused naming the field and the fix', () => {
      const precopy = MigrationMode.Precopy as MigrationMode;
      spec.given([]).when(create({ mode: precopy, precopyIntervalSeconds: 30 })).thenThrows(ValidationError, 'precopy_interval_seconds: 30 is below the minimum of 60 seconds between two delta syncs; give at least 60 (ferry migrate --precopy-interval 1m)');
      const intervalOf = (command: PlanCommand): unknown => (planDecider.decide(command, planDecider.initialState)[0]?.data as { precopyIntervalSeconds?: number }).precopyIntervalSeconds;
      expect(intervalOf(create({ mode: precopy, precopyIntervalSeconds: 5, precopyMinIntervalSeconds: 5 }))).toBe(5);
      expect(intervalOf(create({ mode: precopy }))).toBe(3600);
      spec.given([]).when(create({ precopyIntervalSeconds: 600 })).thenThrows(ValidationError, "precopy_interval_seconds: is set, but the plan's mode is not MIGRATION_MODE_PRECOPY");
    });
    it('accepts the same request again without a new event, refuses other settings under the same id', () => {
      spec.given([created()]).when(create({}, 7)).then([]);
      spec.given([created()]).when(create({ concurrency: 3 }, 7)).thenThrows(IllegalStateError, 'already exists with other settings');
    });
    it('accepts the same request again when the plan was read back from the store (fields in wire order)', () => {
      const stored = planCodec.encode(created());
      spec.given([planCodec.decode(stored.type, stored.payload)]).when(create({}, 7)).then([]);
    });
  });

  describe('StartPlan and CancelPlan', () => {
    it('assigns one migration per VM in plan order, once', () => {
      spec.given([created()]).when({ type: 'StartPlan', data: { meta: meta(2), migrationIds: ['m-1', 'm-2'] } }).then([started]);
      spec.given([created(), started]).when({ type: 'StartPlan', data: { meta: meta(3), migrationIds: ['m-3', 'm-4'] } }).then([]);
    });
    it('needs one distinct id per VM', () => {
      spec.given([created()]).when({ type: 'StartPlan', data: { meta: meta(2), migrationIds: ['m-1', 'm-1'] } }).thenThrows(ValidationError, 'migration_ids');
    });
    it('refuses to start a plan that does not exist or is cancelled', () => {
      spec.given([]).when({ type: 'StartPlan', data: { meta: meta(2), migrationIds: [] } }).thenThrows(IllegalStateError, 'create it first');
      const cancelled: PlanEvent = { type: 'PlanCancelled', data: { meta: emeta(2), reason: 'no' } };
      spec.given([created(), cancelled]).when({ type: 'StartPlan', data: { meta: meta(3), migrationIds: ['a', 'b'] } }).thenThrows(IllegalStateError, 'is cancelled');
      spec.given([created(), cancelled]).when({ type: 'CancelPlan', data: { meta: meta(3), reason: 'again' } }).then([]);
    });
  });

  describe('SetDiskRate', () => {
    type Phases = Extract<PlanCommand, { type: 'SetDiskRate' }>['data']['migrationPhases'];
    const setRate = (maxDiskBytesPerSecond: number, n = 3, migrationPhases: Phases = []): PlanCommand => ({ type: 'SetDiskRate', data: { meta: meta(n), maxDiskBytesPerSecond, migrationPhases } });
    const rateSet = (maxDiskBytesPerSecond: number, n = 3): PlanEvent => ({ type: 'PlanDiskRateSet', data: { meta: emeta(n), maxDiskBytesPerSecond } });

    it('records a new cap on a created or started plan, and 0 lifts it', () => {
      spec.given([created()]).when(setRate(4 * 2 ** 20)).then([rateSet(4 * 2 ** 20)]);
      spec.given([created(8, 0, 4 * 2 ** 20), started]).when(setRate(0)).then([rateSet(0)]);
    });
    it('the plan state carries the new cap, so migrations planned later start with it', () => {
      const state = [created(), started, rateSet(6 * 2 ** 20)].reduce(planDecider.evolve, planDecider.initialState);
      expect(state.status === 'started' && state.spec.maxDiskBytesPerSecond).toBe(6 * 2 ** 20);
    });
    it('records nothing when the cap is already the one asked for (a retried call)', () => {
      spec.given([created(8, 0, 4 * 2 ** 20)]).when(setRate(4 * 2 ** 20)).then([]);
      spec.given([created()]).when(setRate(0)).then([]);
    });
    it('refuses a cap below 1 MiB/s, saying how to lift it instead', () => {
      spec.given([created()]).when(setRate(1000)).thenThrows(ValidationError, 'max_disk_bytes_per_second: must be at least 1048576 (1 MiB/s), got 1000; it is in bytes per second — use 0 to lift the cap');
    });
    it('refuses a plan that has ended (each migration completed, failed or cancelled), not one with a migration still to run', () => {
      for (const phases of [['completed', 'failed'], ['cancelled', 'cancelled'], ['migrated-back', 'completed']] as const) {
        spec.given([created(), started]).when(setRate(4 * 2 ** 20, 3, phases)).thenThrows(IllegalStateError, 'plan plan-1 has ended: each of its migrations completed, failed or was cancelled');
      }
      spec.given([created(), started]).when(setRate(4 * 2 ** 20, 3, ['completed', 'copying-disks'])).then([rateSet(4 * 2 ** 20)]);
      spec.given([created(), started]).when(setRate(4 * 2 ** 20, 3, ['completed', 'initial'])).then([rateSet(4 * 2 ** 20)]); // one still queued
      const state = [created(), started].reduce(planDecider.evolve, planDecider.initialState);
      let refusal: unknown;
      try {
        planDecider.decide(setRate(4 * 2 ** 20, 3, ['completed', 'failed']), state);
      } catch (error) {
        refusal = error;
      }
      expect(grpcStatusOf(refusal)).toBe(9); // FAILED_PRECONDITION
    });
    it('refuses a plan that does not exist or is cancelled', () => {
      spec.given([]).when(setRate(4 * 2 ** 20)).thenThrows(IllegalStateError, 'plan plan-1 does not exist');
      spec.given([created(), { type: 'PlanCancelled', data: { meta: emeta(2), reason: 'no' } }]).when(setRate(4 * 2 ** 20)).thenThrows(IllegalStateError, 'is cancelled');
    });
  });

  it('plan events survive the protobuf codec unchanged', () => {
    const rateSet: PlanEvent = { type: 'PlanDiskRateSet', data: { meta: emeta(4), maxDiskBytesPerSecond: 3 * 2 ** 20 } };
    for (const event of [created(3, 9_000), started, rateSet, { type: 'PlanCancelled', data: { meta: emeta(3), reason: 'wave moved' } } as PlanEvent]) {
      const stored = planCodec.encode(event);
      expect(planCodec.decode(stored.type, stored.payload)).toEqual(event);
    }
  });
});
