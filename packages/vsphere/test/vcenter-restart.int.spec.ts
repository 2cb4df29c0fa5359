// A vCenter restarted by the harness (the launcher's -state-dir) comes back as the same vCenter: the
// same port and certificate (a pinned thumbprint still matches), the same datastore files and the
// same inventory under the same morefs; the sessions of before the restart are gone, as after a
// real vCenter restart: a call with an old session is NotAuthenticated, and our client logs in again.
import { readdirSync } from 'node:fs';
import { startVcsim, type VcsimInstance } from '@ferry/testing';
import { NotAuthenticatedError, VsphereClient, createVm, defaultPlacement, powerOn, powerState, readProperty, str, type MoRef } from '../src';

jest.setTimeout(120_000);

let vc: VcsimInstance;
afterAll(async () => {
  await vc?.stop();
});

/** Every file under a datastore folder, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile()).map((e) => `${e.path.slice(dir.length + 1)}/${e.name}`.replace(/^\//, '')).sort();
}

const login = (): Promise<VsphereClient> => VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });

it('restarts with the same port, certificate, datastore files and inventory; old sessions must log in again', async () => {
  vc = await startVcsim();
  const before = await login();
  const place = await defaultPlacement(before);
  const ds = place.datastores[0]!;
  const vm: MoRef = await createVm(before, { folder: place.vmFolder, resourcePool: place.resourcePool }, {
    name: 'survives-restart', guestId: 'ubuntu64Guest', vmPathName: `[${ds.name}]`, numCPUs: 2, memoryMB: 512,
    addDevices: [
      { kind: 'controller', key: -1, type: 'lsilogic', busNumber: 0 },
      { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: 4096, datastoreName: ds.name },
    ],
  });
  await powerOn(before, vm);
  const filesBefore = filesUnder(vc.datastores[0]!.path);
  const { port, thumbprint, pid } = vc;
  const datastorePath = vc.datastores[0]!.path;

  await vc.restart({ downtimeMs: 500 });

  expect({ port: vc.port, thumbprint: vc.thumbprint, datastore: vc.datastores[0]!.path }).toEqual({ port, thumbprint, datastore: datastorePath });
  expect(vc.pid).not.toBe(pid);
  // The session of before the restart is unknown to the new process: NotAuthenticated, as from vCenter…
  const oldCookie = before.transport.sessionCookie;
  await expect(before.transport.call('CurrentTime', { type: 'ServiceInstance', value: 'ServiceInstance' })).rejects.toBeInstanceOf(NotAuthenticatedError);
  // …so the client that held it logs in again by itself and carries on.
  expect(str(await readProperty(before, vm, 'name'))).toBe('survives-restart');
  expect(before.transport.sessionCookie).not.toBe(oldCookie);
  await before.logout();
  const after = await login();
  try {
    expect(str(await readProperty(after, vm, 'name'))).toBe('survives-restart');
    expect(Number(await readProperty(after, vm, 'config.hardware.numCPU'))).toBe(2);
    expect(await powerState(after, vm)).toBe('poweredOn');
    // The VM's files are still in the datastore folder the /folder endpoint serves.
    expect(filesBefore.filter((f) => f.startsWith('survives-restart/'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.vmx$/), expect.stringMatching(/\.vmdk$/)]));
    expect(filesUnder(datastorePath)).toEqual(filesBefore);
  } finally {
    await after.logout();
  }
});
