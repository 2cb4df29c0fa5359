/**
 * The data plane's /metrics against what the transfer itself reports: one real transfer through the
 * three services, then the counters on prem-manager's and cloud-manager's ops ports must equal the
 * TransferStatus figures (frames, wire bytes, sessions) and each other; a transfer whose source is
 * killed mid-way shows the resumed session and the chunks the receiver verified twice.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, qemuCompare, type ServiceHandle } from '@ferry/testing';
import { getTransfer, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

/** Every series of the service's /metrics, summed by metric name (labels such as service= dropped). */
async function scrape(service: ServiceHandle): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const name = line.split(/[{ ]/)[0] ?? '';
    if (name.endsWith('_bucket')) continue;
    values.set(name, (values.get(name) ?? 0) + Number(line.split(' ').pop()));
  }
  return values;
}

function metric(values: Map<string, number>, name: string): number {
  const value = values.get(name);
  if (value === undefined) throw new Error(`${name} is not on /metrics (have: ${[...values.keys()].filter((k) => k.startsWith('ferry_s') || k.startsWith('ferry_r')).join(', ')})`);
  return value;
}

describe('data-plane metrics match the transfer', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    // A window of 2 credits makes the sender wait for acks (credit stalls) on any machine.
    plane = await startDataPlane({ creditWindow: 2, commitBatch: 1, premEnv: { COMPRESSION_LEVEL: 'adaptive' } });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('counts every frame, zero chunk, wire byte and session of one transfer on both sides', async () => {
    const size = 24 * MiB;
    const source = join(plane.sourceDir, 'metrics.raw');
    await makeSourceRaw(source, size, [
      { offset: 0, length: 4 * MiB, kind: 'random' },
      { offset: 4 * MiB, length: 4 * MiB, kind: 'text' },
      { offset: 20 * MiB, length: MiB, kind: 'random' },
    ]);
    // Two chunks of written zeros: allocated on disk, so the source reads them and they travel as zero ranges.
    const file = await open(source, 'r+');
    await file.write(Buffer.alloc(2 * MiB), 0, 2 * MiB, 16 * MiB);
    await file.close();
    const id = { migrationId: 'mig-metrics', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: join(plane.targetDir, 'metrics.raw'), mode: TransferMode.TRANSFER_MODE_FULL });
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, join(plane.targetDir, 'metrics.raw'), { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });

    const prem = await scrape(plane.prem);
    const cloud = await scrape(plane.cloud);
    const frames = Number(status.framesSent);
    expect(frames).toBe(11); // 4 random + 4 text + 2 zero + 1 random chunks; the holes never travel
    expect(metric(prem, 'ferry_shipper_chunks_sent_total')).toBe(frames);
    expect(metric(prem, 'ferry_shipper_zero_chunks_sent_total')).toBe(2);
    expect(metric(prem, 'ferry_shipper_wire_bytes_sent_total')).toBe(Number(status.wireBytes));
    expect(metric(prem, 'ferry_shipper_source_bytes_read_total')).toBe(frames * MiB);
    expect(metric(prem, 'ferry_shipper_sessions_started_total')).toBe(Number(status.sessions));
    expect(metric(prem, 'ferry_shipper_sessions_resumed_total')).toBe(0);
    expect(metric(prem, 'ferry_shipper_transfers_active')).toBe(0);
    expect(metric(prem, 'ferry_shipper_chunk_wait_seconds_count')).toBe(frames);
    expect(metric(prem, 'ferry_shipper_chunk_wait_seconds_sum')).toBeGreaterThan(0);
    expect(metric(prem, 'ferry_shipper_credit_stalls_total')).toBeGreaterThan(0);
    expect(metric(prem, 'ferry_shipper_cap_wait_seconds_total')).toBe(0); // no cap, no wait
    // Compression (COMPRESSION_LEVEL=adaptive here): the 9 data chunks, their levels and ratio, in
    // GetTransfer and on /metrics alike; the payload is the wire bytes less 96 bytes of framing per frame.
    expect(status.compression).toBe('adaptive');
    expect(status.chunksPerLevel.reduce((sum, { chunks }) => sum + Number(chunks), 0)).toBe(9);
    expect(status.chunksPerLevel.map(({ level }) => level)).toContain(status.compressionLevel);
    expect(Number(status.compressionSourceBytes)).toBe(9 * MiB);
    expect(Number(status.compressionPayloadBytes)).toBe(Number(status.wireBytes) - frames * 96);
    // 5 random chunks travel raw, 4 of text shrink to almost nothing: about 9/5.
    expect(status.compressionRatio).toBeCloseTo(Number(status.compressionSourceBytes) / Number(status.compressionPayloadBytes), 6);
    expect(status.compressionRatio).toBeGreaterThan(1.7);
    expect(metric(prem, 'ferry_shipper_chunks_per_level_total')).toBe(9);
    expect(metric(prem, 'ferry_shipper_compression_level')).toBe(status.compressionLevel);
    expect(metric(prem, 'ferry_shipper_compression_source_bytes_total')).toBe(9 * MiB);
    expect(metric(prem, 'ferry_shipper_compression_payload_bytes_total')).toBe(Number(status.compressionPayloadBytes));
    expect(metric(prem, 'ferry_shipper_compression_ratio')).toBeCloseTo(status.compressionRatio, 3);

    expect(metric(cloud, 'ferry_receiver_chunks_verified_total')).toBe(frames);
    expect(metric(cloud, 'ferry_receiver_zero_chunks_verified_total')).toBe(2);
    expect(metric(cloud, 'ferry_receiver_wire_bytes_received_total')).toBe(Number(status.wireBytes));
    expect(metric(cloud, 'ferry_receiver_chunks_resent_total')).toBe(0);
    expect(metric(cloud, 'ferry_receiver_sessions_opened_total')).toBe(1);
    expect(metric(cloud, 'ferry_receiver_chunk_verify_seconds_count')).toBe(frames);
  });

  it('shows the resumed session and the resent chunks when the source dies mid-transfer', async () => {
    const before = { prem: await scrape(plane.prem), cloud: await scrape(plane.cloud) };
    const size = 48 * MiB;
    const source = join(plane.sourceDir, 'resume.raw');
    await makeSourceRaw(source, size, [{ offset: 0, length: size, kind: 'random' }]);
    const id = { migrationId: 'mig-metrics-resume', diskId: 'disk-0', generation: 1 };
    // Capped at 32 MiB/s the copy lasts over a second on any machine, so the kill lands mid-transfer.
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: join(plane.targetDir, 'resume.raw'), mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: 256 * 1024, maxBytesPerSecond: 32 * MiB });
    for (let sent = 0; sent < 40; ) {
      sent = Number((await getTransfer(plane, id)).framesSent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await plane.esxi.kill9();
    await plane.esxi.restart();
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, join(plane.targetDir, 'resume.raw'), { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });

    const prem = await scrape(plane.prem);
    const cloud = await scrape(plane.cloud);
    const delta = (now: Map<string, number>, then: Map<string, number>, name: string): number => metric(now, name) - metric(then, name);
    const sessions = Number(status.sessions);
    expect(sessions).toBeGreaterThanOrEqual(2);
    expect(delta(prem, before.prem, 'ferry_shipper_sessions_started_total')).toBe(sessions);
    expect(delta(prem, before.prem, 'ferry_shipper_sessions_resumed_total')).toBe(sessions - 1);
    expect(delta(prem, before.prem, 'ferry_shipper_chunks_sent_total')).toBe(Number(status.framesSent));
    expect(delta(prem, before.prem, 'ferry_shipper_wire_bytes_sent_total')).toBe(Number(status.wireBytes));
    // Sessions that failed at the source (it was still down) never opened a stream to the receiver.
    const opened = delta(cloud, before.cloud, 'ferry_receiver_sessions_opened_total');
    expect(opened).toBeGreaterThanOrEqual(2);
    expect(opened).toBeLessThanOrEqual(sessions);
    // Every chunk was verified once, plus those verified again after the cut; frames lost in flight never arrived.
    const verified = delta(cloud, before.cloud, 'ferry_receiver_chunks_verified_total');
    const resent = delta(cloud, before.cloud, 'ferry_receiver_chunks_resent_total');
    expect(verified - resent).toBeGreaterThanOrEqual(Number(status.chunksTotal)); // more when a verified chunk was cut before its commit
    expect(verified).toBeLessThanOrEqual(Number(status.framesSent));
    expect(resent).toBeLessThanOrEqual(Number(status.framesSent) - Number(status.chunksSent));
  });

  it('counts the time frames were held back by a wire-rate cap', async () => {
    const before = await scrape(plane.prem);
    const source = join(plane.sourceDir, 'capped.raw');
    await makeSourceRaw(source, 3 * MiB, [{ offset: 0, length: 3 * MiB, kind: 'random' }]);
    const id = { migrationId: 'mig-metrics-capped', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: join(plane.targetDir, 'capped.raw'), mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: 256 * 1024, maxBytesPerSecond: MiB });
    await waitForTransfer(plane, id);
    // Over 3 MiB on the wire at 1 MiB/s, less the quarter-second burst: nearly 3 s spent, almost all of it held back
    // (the pipeline alone moves 3 MiB in a small part of a second, even on a busy machine).
    const held = metric(await scrape(plane.prem), 'ferry_shipper_cap_wait_seconds_total') - metric(before, 'ferry_shipper_cap_wait_seconds_total');
    expect(held).toBeGreaterThan(1.5);
    expect(held).toBeLessThan(4);
  });
});
