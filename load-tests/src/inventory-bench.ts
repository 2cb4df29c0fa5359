// npm run bench:inventory — full collection of a vcsim inventory of 2,000 VMs, then the time from a
// change (power off) to the projection showing it via WaitForUpdatesEx.
// Prints one final JSON line: {"vms":N,"full_collect_s":S,"update_latency_ms":L}.
import { startVcsim } from '@ferry/testing';
import { VsphereClient, powerOffHard, retrieveContainer, str } from '@ferry/vsphere';
import { InventoryCollector, InventoryProjection } from '@ferry/inventory/dist/src/index';

async function main(): Promise<void> {
  const vmCount = Number(process.env.BENCH_VMS ?? 2000);
  const vc = await startVcsim({ model: { vmsPerPool: vmCount, hostsPerCluster: 4, autostart: true }, startTimeoutMs: 300_000 });
  const client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
  const projection = new InventoryProjection();
  const collector = new InventoryCollector(client, 'prem', (events) => events.forEach((e) => projection.apply(e)));
  try {
    const t0 = process.hrtime.bigint();
    const { vms } = await collector.collectAll();
    const fullS = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stderr.write(`collected ${vms} VMs in ${fullS.toFixed(2)} s\n`);
    await collector.follow();
    // let the stream's first (reconciling) batch arrive before measuring a change
    await new Promise((r) => setTimeout(r, 2000));
    let target: { type: string; value: string } | undefined;
    for await (const page of retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['runtime.powerState'] }])) {
      target ??= page.find((o) => str(o.props.get('runtime.powerState')) === 'poweredOn')?.obj;
    }
    if (!target) throw new Error('bench: no powered-on VM to change');
    const t1 = Date.now();
    await powerOffHard(client, target);
    while (projection.getVm('prem', target.value).powerState !== 'poweredOff') {
      if (Date.now() - t1 > 60_000) throw new Error('bench: change not seen within 60 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const latency = Date.now() - t1;
    console.log(JSON.stringify({ vms, full_collect_s: Number(fullS.toFixed(3)), update_latency_ms: latency }));
  } finally {
    await collector.stop();
    await client.logout();
    await vc.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
