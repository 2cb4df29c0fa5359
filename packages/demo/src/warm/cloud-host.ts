// The cloud ESXi host the demo stands in with qemu: the harness's cloud host runner boots each target
// VM that the cloud vCenter powers on with an iSCSI boot disk, logging in with the volume's CHAP secret.
// On a real site the cloud host's iSCSI adapter is given that secret; here the runner derives it from
// the site key the appliance uses.
import { chapSecretFor, siteChapKey } from '@ferry/appliance/dist/src/adapters/chap-secret';
import { startCloudHostRunner, type CloudHostRunner } from '@ferry/testing';
import type { DemoEnvironment } from '../cold/environment';

export async function startDemoCloudHost(env: DemoEnvironment, say: (line: string) => void): Promise<CloudHostRunner> {
  const key = siteChapKey(env.caDir);
  const runner = await startCloudHostRunner({
    vcenter: env.pair.cloud,
    secretFor: (iqn) => chapSecretFor(key, iqn),
    qemu: { memoryMiB: 768 },
    log: (line) => say(`cloud host: ${line}`),
  });
  say('cloud host runner watching the cloud vCenter (qemu boots a VM it powers on over iSCSI)');
  return runner;
}

/** Bytes cloud-cache fetched from prem on demand for one LUN so far, from its ops /metrics. */
export async function onDemandBytes(env: DemoEnvironment, iqn: string, lun: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${env.service('cloud-cache').opsPort}/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith('ferry_cache_ondemand_fetch_bytes_total{') && l.includes(`volume="${iqn}/${lun}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
