import type { Readable } from 'node:stream';
import { IntegrityError, NotFoundError, UnavailableError } from '@ferry/errors';
import type { VsphereClient } from './client';
import { faultToError } from './errors';
import { readProperty } from './property';
import { configSpecXml } from './spec';
import { runTask } from './tasks';
import { arr, at, num, obj, ref, str, type MoRef, type PlainObject } from './values';
import { uploadStream, type UploadAnswer } from './nfc-upload';
import { morXml, typed, type XmlElement } from './xml';

/** A disk to import as the only disk of a new VM (ImportVApp). */
export interface ImportDiskOptions {
  /** Name of the new VM; its datastore folder and disk file are named after it. */
  name: string;
  /** Inventory folder of the VM (default: the VM folder of the pool's datacenter). */
  folder?: MoRef;
  resourcePool: MoRef;
  /** Name of the datastore the disk is stored on. */
  datastore: string;
  /** Capacity in bytes announced in the spec; the stored disk gets the stream's virtual size. */
  capacityBytes: number;
  /** The disk as a streamOptimized VMDK. */
  source: Readable;
  /** Byte length of `source`, when known: sent as Content-Length and used for progress. */
  sizeHint?: number;
  /** How often HttpNfcLeaseProgress is sent (default a third of the lease timeout, at least 1 s). */
  keepAliveMs?: number;
  /** How long to wait for the lease to become ready (default 120 s). */
  readyTimeoutMs?: number;
  /** Aborts the import: the lease is aborted, the VM destroyed, and the call rejects with the reason. */
  signal?: AbortSignal;
  /** Called with the bytes of `source` sent so far. */
  onProgress?: (bytesSent: number) => void;
}

/** A disk stored by importDisk. */
export interface ImportedDisk {
  /** The VM ImportVApp created, holding the disk. */
  vm: MoRef;
  /** Datastore path of the disk, e.g. "[datastore1] name/name.vmdk". */
  diskPath: string;
}

/**
 * Stores a streamOptimized VMDK on a datastore through vCenter's import: ImportVApp creates a VM
 * with one disk and returns an HttpNfcLease; once it is ready the stream is uploaded to the
 * disk's URL while HttpNfcLeaseProgress keeps the lease alive, then HttpNfcLeaseComplete. On
 * any failure the lease is aborted with the cause as its fault and the VM is destroyed, so
 * nothing is left behind; the error names the cause (and keeps it as `cause`).
 */
export async function importDisk(client: VsphereClient, options: ImportDiskOptions): Promise<ImportedDisk> {
  const lease = (await client.invokeValue('ImportVApp', options.resourcePool, {
    spec: typed('VirtualMachineImportSpec', { configSpec: configSpecXml(importConfig(options)) }),
    folder: options.folder ? morXml(options.folder) : undefined,
  })) as MoRef | undefined;
  if (!lease) throw new UnavailableError(`vCenter ${client.server}: ImportVApp of "${options.name}" returned no lease; retry the import`);
  let vm: MoRef | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  try {
    const info = await waitUntilReady(client, lease, options);
    vm = ref(at(info, 'entity'));
    const device = arr(at(info, 'deviceUrl'))[0];
    if (!vm || !device) throw new NotFoundError(`vCenter ${client.server}: import lease ${lease.value} of "${options.name}" names no VM or no disk URL; retry the import`);
    let percent = 0;
    const every = options.keepAliveMs ?? Math.max(1000, ((num(at(info, 'leaseTimeout')) ?? 300) * 1000) / 3);
    keepAlive = setInterval(() => void client.invoke('HttpNfcLeaseProgress', lease, { percent }).catch(() => undefined), every);
    keepAlive.unref();
    const total = Math.max(1, options.sizeHint ?? options.capacityBytes);
    const target = { url: (str(at(device, 'url')) ?? '').replace('://*', `://${new URL(client.server).host}`), sslThumbprint: str(at(device, 'sslThumbprint')) || undefined };
    const onBytes = (sent: number): void => {
      percent = Math.min(99, Math.floor((sent * 100) / total));
      options.onProgress?.(sent);
    };
    const answer = await uploadStream(client, target, options.source, { length: options.sizeHint, signal: options.signal, onBytes }).catch(async (error: unknown) => {
      throw await uploadFailure(client, lease, options, error);
    });
    if (answer.status < 200 || answer.status > 299) throw await refusal(client, lease, options, answer);
    clearInterval(keepAlive);
    await client.invoke('HttpNfcLeaseComplete', lease);
    return { vm, diskPath: await diskPathOf(client, vm, options.name) };
  } catch (error) {
    clearInterval(keepAlive);
    // Abort first: a lease blocks Destroy of its VM. vCenter may have removed the VM already.
    await client.invoke('HttpNfcLeaseAbort', lease, { fault: abortFault(error) }).catch(() => undefined);
    vm ??= ref(at(await readProperty(client, lease, 'info').catch(() => undefined), 'entity'));
    if (vm) await runTask(client, 'Destroy_Task', vm).catch(() => undefined);
    options.source.destroy();
    throw error;
  }
}

/** The VM the import creates: one controller and one disk of the announced capacity. */
function importConfig(options: ImportDiskOptions): Parameters<typeof configSpecXml>[0] {
  return {
    name: options.name,
    guestId: 'otherGuest64',
    vmPathName: `[${options.datastore}]`,
    numCPUs: 1,
    memoryMB: 256,
    addDevices: [
      { kind: 'controller', key: -1, type: 'lsilogic', busNumber: 0 },
      { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: Math.ceil(options.capacityBytes / 1024), datastoreName: options.datastore },
    ],
  };
}

/** Polls the lease until it is ready and returns its info; a lease in error throws its fault. */
async function waitUntilReady(client: VsphereClient, lease: MoRef, options: ImportDiskOptions): Promise<PlainObject | undefined> {
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = str(await readProperty(client, lease, 'state'));
    if (state === 'ready') return obj(await readProperty(client, lease, 'info'));
    if (state === 'error') throw await leaseError(client, lease, 'ImportVApp');
    if (Date.now() > deadline) throw new UnavailableError(`vCenter ${client.server}: import lease ${lease.value} of "${options.name}" still ${state} after ${timeoutMs} ms; it was aborted, retry the import`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The fault a lease in state error holds, as a Ferry error. */
async function leaseError(client: VsphereClient, lease: MoRef, method: string): Promise<Error> {
  const err = obj(await readProperty(client, lease, 'error'));
  return faultToError({ faultType: str(at(err, 'fault.$type')) ?? 'SystemError', message: str(err?.localizedMessage) ?? '', method, target: `HttpNfcLease:${lease.value}`, server: client.server });
}

/** Why a lease ended in error (its fault's message), or undefined while it is open or done. */
async function endedLease(client: VsphereClient, lease: MoRef): Promise<string | undefined> {
  const state = str(await readProperty(client, lease, 'state').catch(() => undefined));
  if (state !== 'error') return undefined;
  const err = obj(await readProperty(client, lease, 'error').catch(() => undefined));
  return str(err?.localizedMessage) || 'no reason given';
}

/** A failed upload: a lease that ended meanwhile (timeout, abort) explains it better than the socket. */
async function uploadFailure(client: VsphereClient, lease: MoRef, options: ImportDiskOptions, error: unknown): Promise<Error> {
  const ended = options.signal?.aborted ? undefined : await endedLease(client, lease);
  if (!ended) return error instanceof Error ? error : new Error(String(error));
  return new UnavailableError(`vCenter ${client.server}: the upload of "${options.name}" was cut: import lease ${lease.value} ended (${ended}); retry the import`, {
    cause: error,
  });
}

/** An HTTP answer other than 2xx to the upload. */
async function refusal(client: VsphereClient, lease: MoRef, options: ImportDiskOptions, answer: UploadAnswer): Promise<Error> {
  const what = `vCenter ${client.server}: the host refused the disk of "${options.name}" (HTTP ${answer.status}: ${answer.message || 'no message'})`;
  if (answer.status === 400) {
    return new IntegrityError(`${what}: the source is not a valid streamOptimized VMDK; write it with @ferry/disk-formats createVmdkWriter({ subformat: 'streamOptimized' })`);
  }
  const ended = await endedLease(client, lease);
  if (ended) return new UnavailableError(`${what}: import lease ${lease.value} ended (${ended}); retry the import`);
  if (answer.status === 404) return new NotFoundError(`${what}: no lease takes this URL any more; retry the import`);
  return new UnavailableError(`${what}; retry the import`);
}

/** HttpNfcLeaseAbort's fault: the cause, so vCenter's task and event log show why. */
function abortFault(error: unknown): XmlElement {
  const message = error instanceof Error ? error.message : String(error);
  return { fault: typed('SystemError', { reason: message }), localizedMessage: message };
}

/** The datastore path of the VM's (only) disk. */
async function diskPathOf(client: VsphereClient, vm: MoRef, name: string): Promise<string> {
  const devices = arr(at(await readProperty(client, vm, 'config.hardware.device'), 'VirtualDevice'));
  const disk = devices.find((d) => obj(d)?.$type === 'VirtualDisk');
  const fileName = str(at(disk, 'backing.fileName'));
  if (!fileName) throw new NotFoundError(`vCenter ${client.server}: the imported VM "${name}" (${vm.value}) has no disk file; import it again`);
  return fileName;
}
