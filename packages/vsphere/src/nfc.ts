import { request } from 'node:https';
import type { Readable } from 'node:stream';
import type { VsphereClient } from './client';
import { faultToError } from './errors';
import { readProperty } from './property';
import { arr, at, bool, num, obj, str, type MoRef } from './values';

/** One disk an export lease serves. */
export interface LeaseDevice {
  key: string;
  /** HTTPS URL of the disk (host "*" already replaced by the vCenter's). */
  url: string;
  disk: boolean;
  targetId?: string;
  fileSize?: number;
}

/**
 * An HttpNfcLease from ExportVm. While open it reports progress every `keepAliveMs` so the
 * lease does not time out during a long copy; complete() or abort() ends it.
 */
export class ExportLease {
  private percent = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: VsphereClient, readonly lease: MoRef, readonly devices: LeaseDevice[], keepAliveMs: number) {
    this.timer = setInterval(() => {
      this.client.invoke('HttpNfcLeaseProgress', this.lease, { percent: this.percent }).catch(() => undefined);
    }, keepAliveMs);
    this.timer.unref();
  }

  /** Records progress (0..100); sent now and with every keep-alive. */
  async progress(percent: number): Promise<void> {
    this.percent = Math.max(0, Math.min(100, Math.round(percent)));
    await this.client.invoke('HttpNfcLeaseProgress', this.lease, { percent: this.percent });
  }

  /** Streams one device (disk) of the lease. */
  download(device: LeaseDevice): Promise<Readable> {
    const cookie = this.client.transport.sessionCookie;
    return new Promise((resolve, reject) => {
      const req = request(device.url, { method: 'GET', agent: this.client.transport.agent, headers: cookie ? { cookie } : {} }, (res) => {
        if (res.statusCode === 200) return resolve(res);
        res.resume();
        reject(new Error(`vCenter ${this.client.server}: NFC download of ${device.key} answered HTTP ${res.statusCode}`));
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

  /** Ends the lease with an error (the VM is unlocked). */
  async abort(): Promise<void> {
    this.stopKeepAlive();
    await this.client.invoke('HttpNfcLeaseAbort', this.lease).catch(() => undefined);
  }
}

/** Starts an export of a powered-off VM (ExportVm) and waits until the lease is ready. */
export async function exportVm(client: VsphereClient, vm: MoRef, opts: { keepAliveMs?: number; readyTimeoutMs?: number } = {}): Promise<ExportLease> {
  const lease = (await client.invokeValue('ExportVm', vm)) as MoRef | undefined;
  if (!lease) throw new Error(`vCenter ${client.server}: ExportVm on ${vm.value} returned no lease`);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    const state = str(await readProperty(client, lease, 'state'));
    if (state === 'ready') break;
    if (state === 'error') {
      const err = obj(await readProperty(client, lease, 'error'));
      throw faultToError({
        faultType: obj(err?.fault)?.$type ?? 'SystemError',
        message: str(err?.localizedMessage) ?? '',
        method: 'ExportVm',
        target: `VirtualMachine:${vm.value}`,
        server: client.server,
      });
    }
    if (Date.now() > deadline) throw new Error(`vCenter ${client.server}: export lease for ${vm.value} still ${state} after ${opts.readyTimeoutMs ?? 120_000} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const info = await readProperty(client, lease, 'info');
  const host = new URL(client.server).host;
  const devices = arr(at(info, 'deviceUrl')).map((d): LeaseDevice => ({
    key: str(at(d, 'key')) ?? '',
    url: (str(at(d, 'url')) ?? '').replace('://*', `://${host}`),
    disk: bool(at(d, 'disk')) ?? false,
    targetId: str(at(d, 'targetId')),
    fileSize: num(at(d, 'fileSize')),
  }));
  const timeoutS = num(at(info, 'leaseTimeout')) ?? 300;
  return new ExportLease(client, lease, devices, opts.keepAliveMs ?? Math.max(1000, (timeoutS * 1000) / 3));
}
