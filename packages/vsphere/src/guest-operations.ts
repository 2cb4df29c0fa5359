import { request } from 'node:https';
import type { VsphereClient } from './client';
import { readProperty } from './property';
import { returnvals } from './soap';
import { decode, num, obj, ref, str, type MoRef, type Plain } from './values';
import { morXml, typed, type XmlElement } from './xml';

// vSphere Guest Operations (vim.vm.guest.GuestOperationsManager): run programs in a VM and move
// files in and out of it through VMware Tools, without network access to the guest.
// Added for the guest-prep service (prepare-to-migrate); kept in its own file of @ferry/vsphere.

/** Guest OS credentials (vim NamePasswordAuthentication). Never logged. */
export interface GuestCredentials {
  readonly username: string;
  readonly password: string;
}

/** The two managers guest operations go through. */
export interface GuestOperationsManagers {
  readonly fileManager: MoRef;
  readonly processManager: MoRef;
}

/** A process in the guest as ListProcessesInGuest reports it. */
export interface GuestProcessInfo {
  readonly pid: number;
  readonly name: string;
  readonly cmdLine: string;
  /** Set once the process has ended. */
  readonly exitCode?: number;
  readonly endTime?: string;
}

const serviceInstance: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };

function auth(credentials: GuestCredentials): XmlElement {
  return typed('NamePasswordAuthentication', { interactiveSession: false, username: credentials.username, password: credentials.password });
}

/** Looks up the GuestOperationsManager and its file and process managers. */
export async function guestOperationsManagers(client: VsphereClient): Promise<GuestOperationsManagers> {
  const content = obj(await client.invokeValue('RetrieveServiceContent', serviceInstance));
  const gom = ref(content?.guestOperationsManager);
  if (!gom) throw new Error(`vCenter ${client.server}: ServiceContent has no guestOperationsManager; guest operations need vSphere 5.0 or later`);
  const fileManager = ref(await readProperty(client, gom, 'fileManager'));
  const processManager = ref(await readProperty(client, gom, 'processManager'));
  if (!fileManager || !processManager) throw new Error(`vCenter ${client.server}: GuestOperationsManager ${gom.value} has no fileManager/processManager`);
  return { fileManager, processManager };
}

/** StartProgramInGuest: starts `programPath arguments` in the guest, returns its pid (output is not captured: redirect it to a file). */
export async function startProgramInGuest(
  client: VsphereClient,
  managers: GuestOperationsManagers,
  vm: MoRef,
  credentials: GuestCredentials,
  spec: { programPath: string; arguments: string; workingDirectory?: string; envVariables?: readonly string[] },
): Promise<number> {
  const value = await client.invokeValue('StartProgramInGuest', managers.processManager, {
    vm: morXml(vm),
    auth: auth(credentials),
    spec: {
      programPath: spec.programPath,
      arguments: spec.arguments,
      ...(spec.workingDirectory ? { workingDirectory: spec.workingDirectory } : {}),
      ...(spec.envVariables?.length ? { envVariables: [...spec.envVariables] } : {}),
    },
  });
  const pid = num(value);
  if (pid === undefined) throw new Error(`vCenter ${client.server}: StartProgramInGuest on ${vm.value} returned no pid`);
  return pid;
}

function processInfo(p: Plain): GuestProcessInfo {
  const o = obj(p) ?? {};
  const endTime = str(o.endTime);
  // exitCode is optional in the WSDL and left out when 0 (govmomi's vim25 encodes it omitempty): an
  // ended process without one exited 0.
  const exitCode = num(o.exitCode) ?? 0;
  return { pid: num(o.pid) ?? 0, name: str(o.name) ?? '', cmdLine: str(o.cmdLine) ?? '', ...(endTime ? { endTime, exitCode } : {}) };
}

/** ListProcessesInGuest for the given pids (all processes when empty). */
export async function listProcessesInGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, pids: readonly number[]): Promise<GuestProcessInfo[]> {
  const response = await client.invoke('ListProcessesInGuest', managers.processManager, { vm: morXml(vm), auth: auth(credentials), ...(pids.length ? { pids: [...pids] } : {}) });
  return returnvals(response).map((node) => decode(node)).filter((v) => obj(v)?.pid !== undefined).map(processInfo);
}

/**
 * Polls ListProcessesInGuest until the process has ended (or the timeout); returns its exit code.
 * The poll interval grows to 5 s so a long prep does not hammer vCenter.
 */
export async function waitForGuestProcess(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, pid: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let delay = 500;
  for (;;) {
    const [info] = await listProcessesInGuest(client, managers, vm, credentials, [pid]);
    if (!info) throw new Error(`guest process ${pid} in ${vm.value} is not listed by ListProcessesInGuest (the guest rebooted, or VMware Tools forgot it); check the guest`);
    if (info.endTime) return info.exitCode ?? 0;
    if (Date.now() > deadline) throw new Error(`guest process ${pid} in ${vm.value} still running after ${timeoutMs} ms; it keeps running in the guest`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

/** MakeDirectoryInGuest (with parents); an existing directory is fine. */
export async function makeDirectoryInGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, path: string): Promise<void> {
  try {
    await client.invoke('MakeDirectoryInGuest', managers.fileManager, { vm: morXml(vm), auth: auth(credentials), directoryPath: path, createParentDirectories: true });
  } catch (error) {
    if (!/FileAlreadyExists/.test((error as Error).message)) throw error;
  }
}

/**
 * ESX names itself "*" in transfer URLs, often with a port ("https://*:443/guestFile?..."): the host
 * and port become those of the server the client talks to (as govmomi does, so port forwarding works).
 */
export function guestTransferUrl(server: string, url: string): URL {
  const parsed = new URL(url.replace(/^(\w+:\/\/)\*(?=[:/]|$)/, '$1guest-transfer.invalid'));
  if (parsed.hostname === 'guest-transfer.invalid') parsed.host = new URL(server).host;
  return parsed;
}

function transferUrl(client: VsphereClient, url: string): URL {
  return guestTransferUrl(client.server, url);
}

function httpTransfer(client: VsphereClient, method: 'PUT' | 'GET', url: URL, body?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: client.transport.agent, headers: body ? { 'content-length': String(body.length), 'content-type': 'application/octet-stream' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(Buffer.concat(chunks));
        else reject(new Error(`guest file transfer ${method} ${url.pathname} answered HTTP ${status}`));
      });
    });
    req.on('error', (err) => reject(client.transport.networkError(err, `guest file transfer ${method}`)));
    req.end(body);
  });
}

/** InitiateFileTransferToGuest, then PUT the bytes to the URL it returns. Overwrites. */
export async function copyFileToGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, guestPath: string, content: Buffer, posixMode?: number): Promise<void> {
  const attributes = posixMode === undefined ? typed('GuestFileAttributes', {}) : typed('GuestPosixFileAttributes', { permissions: posixMode });
  const url = str(
    await client.invokeValue('InitiateFileTransferToGuest', managers.fileManager, {
      vm: morXml(vm),
      auth: auth(credentials),
      guestFilePath: guestPath,
      fileAttributes: attributes,
      fileSize: content.length,
      overwrite: true,
    }),
  );
  if (!url) throw new Error(`vCenter ${client.server}: InitiateFileTransferToGuest for ${guestPath} returned no URL`);
  await httpTransfer(client, 'PUT', transferUrl(client, url), content);
}

/** InitiateFileTransferFromGuest, then GET the bytes. */
export async function copyFileFromGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, guestPath: string): Promise<Buffer> {
  const info = obj(await client.invokeValue('InitiateFileTransferFromGuest', managers.fileManager, { vm: morXml(vm), auth: auth(credentials), guestFilePath: guestPath }));
  const url = str(info?.url);
  if (!url) throw new Error(`vCenter ${client.server}: InitiateFileTransferFromGuest for ${guestPath} returned no URL`);
  return httpTransfer(client, 'GET', transferUrl(client, url));
}

/** TerminateProcessInGuest: kills a process started in the guest (GuestProcessNotFound when unknown). */
export async function terminateProcessInGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, pid: number): Promise<void> {
  await client.invoke('TerminateProcessInGuest', managers.processManager, { vm: morXml(vm), auth: auth(credentials), pid });
}

/** DeleteFileInGuest: removes one file (not a directory) in the guest. */
export async function deleteFileInGuest(client: VsphereClient, managers: GuestOperationsManagers, vm: MoRef, credentials: GuestCredentials, guestPath: string): Promise<void> {
  await client.invoke('DeleteFileInGuest', managers.fileManager, { vm: morXml(vm), auth: auth(credentials), filePath: guestPath });
}
