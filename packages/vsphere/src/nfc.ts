import { request } from 'node:https';
import type { Readable } from 'node:stream';
import { IllegalStateError, NotFoundError, UnavailableError } from '@ferry/errors';
import type { VsphereClient } from './client';
import { faultToError, faultTypeOf, VsphereFaultError } from './errors';
import { readProperty } from './property';
import { trustingAgent } from './tls';
import { arr, at, bool, num, obj, str, type MoRef } from './values';

/** One disk an export lease serves. */
export interface LeaseDevice {
  /** The lease's device key, e.g. "/vm-42/VirtualLsiLogicController0:0". */
  key: string;
  /** HTTPS URL of the disk (host "*" already replaced by the vCenter's). */
  url: string;
  disk: boolean;
  /** The name the export gives the disk, e.g. "disk-0.vmdk". */
  targetId?: string;
  /** SHA-1 thumbprint of the host serving `url` (an ESXi host, not the vCenter). */
  sslThumbprint?: string;
  fileSize?: number;
}

/** ExportVm was refused because the VM is not powered off (vCenter's InvalidPowerState / InvalidState). */
export class ExportPowerStateError extends VsphereFaultError {}

/**
 * An HttpNfcLease from ExportVm. While open it reports progress every `keepAliveMs` so the
 * lease does not time out during a long copy; complete() or abort() ends it.
 */
export class ExportLease {
  private percent = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: VsphereClient,
    readonly lease: MoRef,
    readonly devices: LeaseDevice[],
    keepAliveMs: number,
    /** The lease's timeout in seconds as the vCenter reported it. */
    readonly leaseTimeoutS = 300,
  ) {
    this.timer = setInterval(() => {
      this.client.invoke('HttpNfcLeaseProgress', this.lease, { percent: this.percent }).catch(() => undefined);
    }, keepAliveMs);
    this.timer.unref();
  }

  /** Whether complete() or abort() was called. */
  get ended(): boolean {
    return this.timer === undefined;
  }

  /** Records progress (0..100) for the next keep-alive, without a call of its own. */
  note(percent: number): void {
    this.percent = Math.max(0, Math.min(100, Math.round(percent)));
  }

  /** Records progress (0..100) and sends it now. */
  async progress(percent: number): Promise<void> {
    this.note(percent);
    await this.client.invoke('HttpNfcLeaseProgress', this.lease, { percent: this.percent });
  }

  /** The lease's state as vCenter reports it: initializing, ready, done or error. */
  async state(): Promise<string | undefined> {
    return str(await readProperty(this.client, this.lease, 'state'));
  }

  /**
   * Streams one device (disk) of the lease over a connection pinned to the device's host
   * thumbprint (or to the vCenter's trust when the lease names none).
   */
  download(device: LeaseDevice): Promise<Readable> {
    const cookie = this.client.transport.sessionCookie;
    const agent = device.sslThumbprint ? trustingAgent(new URL(device.url).host, { thumbprint: device.sslThumbprint }, () => undefined) : this.client.transport.agent;
    const where = `vCenter ${this.client.server}: NFC download of ${device.targetId ?? device.key} (${device.url})`;
    return new Promise((resolve, reject) => {
      const req = request(device.url, { method: 'GET', agent, headers: cookie ? { cookie } : {} }, (res) => {
        if (res.statusCode === 200) {
          if (agent !== this.client.transport.agent) res.once('close', () => agent.destroy());
          return resolve(res);
        }
        res.resume();
        if (agent !== this.client.transport.agent) agent.destroy();
        if (res.statusCode === 404) return reject(new NotFoundError(`${where} answered HTTP 404: the lease ${this.lease.value} ended (completed, aborted or timed out); take a new lease`));
        reject(new UnavailableError(`${where} answered HTTP ${res.statusCode}; retry, or take a new lease`));
      });
      req.on('error', (err) => reject(this.client.transport.networkError(err, `NFC download ${device.url}`)));
      req.end();
    });
  }

  private stopKeepAlive(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Ends the lease successfully. */
  async complete(): Promise<void> {
    this.stopKeepAlive();
    await this.client.invoke('HttpNfcLeaseComplete', this.lease);
  }

  /** Ends the lease with an error (the VM is unlocked). Never throws: it runs on failure paths. */
  async abort(): Promise<void> {
    this.stopKeepAlive();
    await this.client.invoke('HttpNfcLeaseAbort', this.lease).catch(() => undefined);
  }
}

/** Options of exportVm. */
export interface ExportVmOptions {
  /** How often progress is re-sent (default a third of the lease timeout, at least 1 s). */
  keepAliveMs?: number;
  /** How long to wait for the lease to leave "initializing" (default 120 s). */
  readyTimeoutMs?: number;
}

/** Starts an export of a powered-off VM (ExportVm) and waits until the lease is ready. */
export async function exportVm(client: VsphereClient, vm: MoRef, opts: ExportVmOptions = {}): Promise<ExportLease> {
  let leaseRef: MoRef | undefined;
  try {
    leaseRef = (await client.invokeValue('ExportVm', vm)) as MoRef | undefined;
  } catch (error) {
    const fault = faultTypeOf(error);
    if ((fault === 'InvalidPowerState' || fault === 'InvalidState') && error instanceof VsphereFaultError) {
      const name = str(await readProperty(client, vm, 'name').catch(() => undefined)) ?? vm.value;
      throw new ExportPowerStateError(error.fault, `ExportVm needs VM "${name}" (${vm.value}) powered off: shut the guest down (or power the VM off) and retry the export`);
    }
    throw error;
  }
  if (!leaseRef) throw new IllegalStateError(`vCenter ${client.server}: ExportVm on ${vm.value} returned no lease`);
  const lease = leaseRef;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 120_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const state = str(await readProperty(client, lease, 'state'));
    if (state === 'ready') break;
    if (state === 'error') {
      const err = obj(await readProperty(client, lease, 'error'));
      throw faultToError({
        faultType: str(at(err, 'fault.$type')) ?? 'SystemError',
        message: str(err?.localizedMessage) ?? '',
        method: 'ExportVm',
        target: `VirtualMachine:${vm.value}`,
        server: client.server,
      });
    }
    if (Date.now() > deadline) {
      await client.invoke('HttpNfcLeaseAbort', lease).catch(() => undefined);
      throw new UnavailableError(`vCenter ${client.server}: export lease ${lease.value} of ${vm.value} still ${state} after ${readyTimeoutMs} ms; the lease was aborted, retry the export`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const info = await readProperty(client, lease, 'info');
  const host = new URL(client.server).host;
  const devices = arr(at(info, 'deviceUrl')).map((d): LeaseDevice => ({
    key: str(at(d, 'key')) ?? '',
    url: (str(at(d, 'url')) ?? '').replace('://*', `://${host}`),
    disk: bool(at(d, 'disk')) ?? false,
    targetId: str(at(d, 'targetId')),
    sslThumbprint: str(at(d, 'sslThumbprint')) || undefined,
    fileSize: num(at(d, 'fileSize')),
  }));
  const timeoutS = num(at(info, 'leaseTimeout')) ?? 300;
  return new ExportLease(client, lease, devices, opts.keepAliveMs ?? Math.max(1000, (timeoutS * 1000) / 3), timeoutS);
}
