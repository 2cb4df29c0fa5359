/**
 * prem-manager's data-plane figures on the ops port's /metrics (process-wide, all transfers). The
 * transfer path only bumps plain numbers on `shipperMetrics` (no allocation per chunk); prom-client
 * reads them at scrape time.
 */
import { Counter, type Registry } from 'prom-client';
import { frameWireBytes, levelName } from '@ferry/block-pipeline';
import { LatencyHistogram, scrapedCounter, scrapedGauge } from '@ferry/service-kit';
import { CompressionTally } from './compression-tally';

class ShipperMetrics {
  sourceBytesRead = 0;
  wireBytesSent = 0;
  framesSent = 0;
  zeroFramesSent = 0;
  transfersActive = 0;
  sessionsStarted = 0;
  sessionsResumed = 0;
  creditStalls = 0;
  /** Times a frame with a credit waited for room in its stream's window (the window was smaller than the credits). */
  windowStalls = 0;
  /** Seconds frames were held back by their transfer's wire-rate cap. */
  capWaitSeconds = 0;
  readonly chunkWait = new LatencyHistogram();
  /** Levels and ratio of the data chunks of every transfer. */
  readonly compression = new CompressionTally();

  /** One chunk frame handed to the stream (or shipped by the source). Zero chunks travel as frames without ciphertext. */
  frameSent(ciphertextLength: number): void {
    this.framesSent++;
    if (ciphertextLength === 0) this.zeroFramesSent++;
    this.wireBytesSent += frameWireBytes(ciphertextLength);
  }

  /** A session of a transfer began; its `sessions` count after the increment tells a resume. */
  sessionStarted(sessions: number): void {
    this.sessionsStarted++;
    if (sessions > 1) this.sessionsResumed++;
  }

  /** Seconds the shipper waited for one frame to be ready: sealed at the source and carried here, or a zero range sealed here. */
  chunkReady(seconds: number): void {
    this.chunkWait.observe(seconds * 1000);
  }
}

export const shipperMetrics = new ShipperMetrics();

/** Registers the figures on the service's registry (the ops port's /metrics). */
export function registerShipperMetrics(registry: Registry, m: ShipperMetrics = shipperMetrics): void {
  const counter = (name: string, help: string, value: () => number): void => scrapedCounter(registry, name, help, value);
  counter('ferry_shipper_source_bytes_read_total', 'Bytes of data chunks read from the block source', () => m.sourceBytesRead);
  counter('ferry_shipper_wire_bytes_sent_total', 'Chunk frame bytes sent to the receiver (ciphertext + 96 bytes per frame)', () => m.wireBytesSent);
  counter('ferry_shipper_chunks_sent_total', 'Chunk frames sent (a chunk resent by a resumed session counts again)', () => m.framesSent);
  counter('ferry_shipper_zero_chunks_sent_total', 'Chunk frames sent as zero ranges (no payload)', () => m.zeroFramesSent);
  counter('ferry_shipper_sessions_started_total', 'Transfer sessions started (first sessions and resumes)', () => m.sessionsStarted);
  counter('ferry_shipper_sessions_resumed_total', 'Transfer sessions that resumed a transfer (after a failure or restart)', () => m.sessionsResumed);
  counter('ferry_shipper_credit_stalls_total', 'Times a chunk frame waited for a flow-control credit from the receiver', () => m.creditStalls);
  counter('ferry_shipper_window_stalls_total', "Times a chunk frame holding a credit waited for room in its stream's in-flight window (FLOW_WINDOW)", () => m.windowStalls);
  counter('ferry_shipper_cap_wait_seconds_total', "Seconds chunk frames were held back by their transfer's wire-rate cap (max_bytes_per_second)", () => m.capWaitSeconds);
  scrapedGauge(registry, 'ferry_shipper_transfers_active', 'Transfers running now (holding a parallel-disk slot)', () => m.transfersActive);
  registerCompressionMetrics(registry, m.compression);
  m.chunkWait.register(registry, 'ferry_shipper_chunk_wait_seconds', 'Time the shipper waited for each chunk frame: read, hashed, compressed and encrypted at the source and carried over (zero ranges: sealed here)');
}

function registerCompressionMetrics(registry: Registry, tally: CompressionTally): void {
  scrapedGauge(registry, 'ferry_shipper_compression_level', 'zstd level of the last data chunk sent (0 = not compressed); COMPRESSION_LEVEL=adaptive moves it with what bounds the stream', () => tally.level ?? 0);
  scrapedGauge(registry, 'ferry_shipper_compression_ratio', 'Plaintext bytes per payload byte of the data chunks sent so far', () => tally.ratio);
  scrapedCounter(registry, 'ferry_shipper_compression_source_bytes_total', 'Plaintext bytes of the data chunks sent (the ratio over an interval: its rate over the payload bytes rate)', () => tally.sourceBytes);
  scrapedCounter(registry, 'ferry_shipper_compression_payload_bytes_total', 'Payload bytes of the data chunks sent: zstd, or raw where incompressible or not compressed (no framing)', () => tally.payloadBytes);
  new Counter({
    name: 'ferry_shipper_chunks_per_level_total', help: 'Data chunks sent, by the compression level the source chose ("off" = not compressed)', labelNames: ['level'], registers: [registry],
    collect() {
      this.reset();
      for (const { level, chunks } of tally.levels()) this.inc({ level: levelName(level) }, chunks);
    },
  });
}
