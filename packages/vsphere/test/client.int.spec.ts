import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startVcsim, type VcsimInstance } from '@ferry/testing';
import {
  CertificateMismatchError, InvalidLoginError, VcenterUnreachableError, VsphereClient, VsphereFaultError, createSnapshot, createVm, datastoreSpace,
  defaultPlacement, getDatastoreFile, powerOff, powerOn, powerState, putDatastoreFile, readProperty, reconfigureVm, removeSnapshot,
  retrieveContainer, arr, at, str, type DefaultPlacement, type MoRef,
} from '../src';

jest.setTimeout(120_000);

let vc: VcsimInstance;
let client: VsphereClient;
let place: DefaultPlacement;

beforeAll(async () => {
  vc = await startVcsim();
  client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
  place = await defaultPlacement(client);
});
afterAll(async () => {
  await client?.logout();
  await vc?.stop();
});

async function newVm(name: string): Promise<MoRef> {
  const ds = place.datastores[0]!.name;
  return createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, {
    name, guestId: 'ubuntu64Guest', vmPathName: `[${ds}]`, numCPUs: 1, memoryMB: 512,
    addDevices: [
      { kind: 'controller', key: -1, type: 'lsilogic', busNumber: 0 },
      { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: 4096, datastoreName: ds },
    ],
  });
}

describe('connection errors are clear and distinct', () => {
  it('a wrong password is an InvalidLoginError naming the user', async () => {
    const err = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: 'wrong', tls: { thumbprint: vc.thumbprint } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidLoginError);
    expect((err as Error).message).toContain(vc.username);
  });
  it('an unreachable vCenter is a VcenterUnreachableError with the socket error', async () => {
    const port = await freePort();
    const err = await VsphereClient.connect({ url: `https://127.0.0.1:${port}/sdk`, username: 'u', password: 'p', tls: { thumbprint: vc.thumbprint } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VcenterUnreachableError);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });
  it('a certificate that is not the pinned one is a CertificateMismatchError and no login is attempted', async () => {
    const wrong = 'AA:'.repeat(19) + 'AA';
    const err = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: wrong } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateMismatchError);
    expect((err as Error).message).toContain(vc.thumbprint);
  });
  it('a SHA-256 pin and a trusted CA both connect', async () => {
    const a = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprintSha256 } });
    await a.logout();
    const b = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { ca: vc.certPem } });
    await b.logout();
  });
});

describe('VM operations', () => {
  it('powers on, shuts down (guest first, hard after timeout) and maps a task fault to a typed error', async () => {
    const vm = await newVm('power-test');
    await powerOn(client, vm);
    expect(await powerState(client, vm)).toBe('poweredOn');
    const outcome = await powerOff(client, vm, 2_000);
    expect(['guest', 'hard']).toContain(outcome.method);
    expect(await powerState(client, vm)).toBe('poweredOff');
    const err = await client.invoke('PowerOffVM_Task', vm).then(() => undefined, (e: unknown) => e);
    // vcsim fails the task (not the call) for a VM already off; either way it is typed
    if (err) expect(err).toBeInstanceOf(VsphereFaultError);
  });

  it('creates and removes a snapshot and adds a disk by reconfiguring', async () => {
    const vm = await newVm('snap-test');
    const snap = await createSnapshot(client, vm, 'before-migration');
    expect(str(at(await readProperty(client, vm, 'snapshot'), 'currentSnapshot'))).toBe(snap.value);
    await removeSnapshot(client, snap);
    expect(await readProperty(client, vm, 'snapshot')).toBeUndefined();

    const ds = place.datastores[0]!.name;
    const devices = async (): Promise<number> =>
      arr(at(await readProperty(client, vm, 'config.hardware.device'), 'VirtualDevice')).filter((d) => str(at(d, '$type')) === 'VirtualDisk').length;
    expect(await devices()).toBe(1);
    const controller = arr(at(await readProperty(client, vm, 'config.hardware.device'), 'VirtualDevice')).find((d) => str(at(d, '$type')) === 'VirtualLsiLogicController');
    await reconfigureVm(client, vm, { addDevices: [{ kind: 'disk', controllerKey: Number(str(at(controller, 'key'))), unitNumber: 1, capacityKB: 8192, datastoreName: ds }] });
    expect(await devices()).toBe(2);
  });

  it('pages through a container view and sees every VM', async () => {
    const names: string[] = [];
    for await (const page of retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['name'] }], { pageSize: 1 })) {
      names.push(...page.map((o) => str(o.props.get('name')) ?? ''));
    }
    expect(names).toEqual(expect.arrayContaining(['power-test', 'snap-test']));
  });
});

describe('datastore /folder', () => {
  it('PUTs a file and GETs it back whole and by Range', async () => {
    const file = { datacenter: place.datacenter.name, datastore: place.datastores[0]!.name, path: 'ferry-test/data & more.bin' };
    const data = Buffer.alloc(64 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    await putDatastoreFile(client, file, data);
    expect((await getDatastoreFile(client, file)).equals(data)).toBe(true);
    expect((await getDatastoreFile(client, file, { start: 1000, end: 1999 })).equals(data.subarray(1000, 2000))).toBe(true);
  });
});

describe('datastoreSpace', () => {
  const run = promisify(execFile);

  it('reads a datastore\'s capacity and free space after a refresh, and follows the file system under it', async () => {
    const ds = vc.datastores[0]!;
    const before = await datastoreSpace(client, ds.name);
    expect(before?.moref.type).toBe('Datastore');
    expect(before!.capacityBytes).toBeGreaterThan(0);
    expect(before!.freeBytes).toBeGreaterThan(0);
    expect(before!.freeBytes).toBeLessThanOrEqual(before!.capacityBytes);
    // A 16 MiB file system mounted over the datastore's folder: vCenter reports its figures once refreshed.
    await run('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'ferry-small-ds', ds.path]);
    try {
      const small = await datastoreSpace(client, ds.name);
      expect(small!.capacityBytes).toBe(16 * 2 ** 20);
      expect(small!.freeBytes).toBeLessThanOrEqual(16 * 2 ** 20);
    } finally {
      await run('umount', [ds.path]);
    }
  });

  it('is undefined for a name the vCenter does not have', async () => {
    expect(await datastoreSpace(client, 'no-such-datastore')).toBeUndefined();
  });
});
