// Read-backs for cold migration e2e tests: the migration's events through the API, the cloud VMs
// through @ferry/vsphere, and the uploaded disks in the cloud datastore folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { arr, at, num, obj, retrieveContainer, str } from '@ferry/vsphere';
import type { ColdMigrationEnv } from './cold-migration-env';
import api = ferry.api.v1;

/** The migration's stored event type names, in order. */
export async function eventTypes(env: ColdMigrationEnv, migrationId: string): Promise<string[]> {
  const reply = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  return reply.events.map((e) => e.typeName ?? '');
}

/** Polls until the migration has stored one of `types`; returns its event types then. */
export async function waitForEvent(env: ColdMigrationEnv, migrationId: string, types: readonly string[], timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await eventTypes(env, migrationId).catch(() => seen);
    if (seen.some((t) => types.includes(t))) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`migration ${migrationId} stored none of ${types.join(', ')} in ${timeoutMs} ms; events: ${seen.join(', ')}\n` +
    [env.appliance, env.prem, env.cloud, env.esxi].map((s) => s.log().split('\n').filter((l) => !/InstanceLoader|NestFactory|RoutesResolver/.test(l)).slice(-15).join('\n')).join('\n---\n'));
}

/** A VM as the cloud vCenter has it. */
export interface CloudVm {
  moref: string;
  name: string;
  annotation: string;
  numCpus: number;
  coresPerSocket: number;
  memoryMB: number;
  firmware: string;
  nics: Array<{ mac: string; network: string; adapter: string }>;
  disks: string[];
}

export async function cloudVms(env: ColdMigrationEnv): Promise<CloudVm[]> {
  const paths = ['name', 'config.annotation', 'config.hardware.numCPU', 'config.hardware.numCoresPerSocket', 'config.hardware.memoryMB', 'config.firmware', 'config.hardware.device'];
  const vms: CloudVm[] = [];
  for await (const page of retrieveContainer(env.cloudVc, [{ type: 'VirtualMachine', paths }])) {
    for (const o of page) {
      const devices = arr(at(o.props.get('config.hardware.device'), 'VirtualDevice'));
      vms.push({
        moref: o.obj.value,
        name: str(o.props.get('name')) ?? '',
        annotation: str(o.props.get('config.annotation')) ?? '',
        numCpus: num(o.props.get('config.hardware.numCPU')) ?? 0,
        coresPerSocket: num(o.props.get('config.hardware.numCoresPerSocket')) ?? 0,
        memoryMB: num(o.props.get('config.hardware.memoryMB')) ?? 0,
        firmware: str(o.props.get('config.firmware')) ?? '',
        nics: devices
          .filter((d) => at(d, 'macAddress') !== undefined)
          .map((d) => ({ mac: str(at(d, 'macAddress')) ?? '', network: str(obj(at(d, 'backing'))?.deviceName) ?? '', adapter: obj(d)?.$type ?? '' })),
        disks: devices.filter((d) => obj(d)?.$type === 'VirtualDisk').map((d) => str(obj(at(d, 'backing'))?.fileName) ?? ''),
      });
    }
  }
  return vms;
}

/** The local file behind "[datastore] path" on the cloud vcsim. */
export function cloudFile(env: ColdMigrationEnv, datastorePath: string): string {
  const match = /^\[([^\]]+)\]\s*(.*)$/.exec(datastorePath);
  const ds = env.pair.cloud.datastores.find((d) => d.name === match?.[1]);
  if (!match?.[2] || !ds) throw new Error(`"${datastorePath}" is not on a cloud datastore (${env.pair.cloud.datastores.map((d) => d.name).join(', ')})`);
  return join(ds.path, match[2]);
}

/** True when some cloud datastore still holds the migration's upload folder. */
export function uploadFolderLeft(env: ColdMigrationEnv, migrationId: string): boolean {
  return env.pair.cloud.datastores.some((ds) => existsSync(join(ds.path, `ferry-${migrationId}`)));
}

/** The disks of a prem VM as its vCenter has them (keys, controller slot, backing file). */
export async function premDisks(env: ColdMigrationEnv, moref: string): Promise<Array<{ key: number; controllerKey: number; unitNumber: number; capacityKB: number; fileName: string }>> {
  for await (const page of retrieveContainer(env.premVc, [{ type: 'VirtualMachine', paths: ['config.hardware.device'] }])) {
    const found = page.find((o) => o.obj.value === moref);
    if (!found) continue;
    return arr(at(found.props.get('config.hardware.device'), 'VirtualDevice'))
      .filter((d) => obj(d)?.$type === 'VirtualDisk')
      .map((d) => ({
        key: num(at(d, 'key')) ?? 0, controllerKey: num(at(d, 'controllerKey')) ?? 0, unitNumber: num(at(d, 'unitNumber')) ?? 0,
        capacityKB: num(at(d, 'capacityInKB')) ?? 0, fileName: str(obj(at(d, 'backing'))?.fileName) ?? '',
      }));
  }
  throw new Error(`no VM ${moref} on the prem vCenter`);
}
