/**
 * cloud-manager's data-plane figures on the ops port's /metrics (process-wide, all streams). The
 * receiving path only bumps plain numbers on `receiverMetrics` (no allocation per chunk); prom-client
 * reads them at scrape time.
 */
import type { Registry } from 'prom-client';
import { frameWireBytes } from '@ferry/block-pipeline';
import type { ReceiverStreamMetrics } from '@ferry/chunk-receiver';
import { LatencyHistogram, scrapedCounter } from '@ferry/service-kit';

class ReceiverMetrics implements ReceiverStreamMetrics {
  wireBytesReceived = 0;
  chunksVerified = 0;
  zeroChunksVerified = 0;
  chunksResent = 0;
  sessionsOpened = 0;
  readonly verify = new LatencyHistogram();

  sessionOpened(): void {
    this.sessionsOpened++;
  }

  chunkResent(): void {
    this.chunksResent++;
  }

  /** One chunk frame authenticated and hash-checked in `ms`; zero chunks carry no ciphertext. */
  chunkVerified(ciphertextBytes: number, ms: number): void {
    this.chunksVerified++;
    if (ciphertextBytes === 0) this.zeroChunksVerified++;
    this.wireBytesReceived += frameWireBytes(ciphertextBytes);
    this.verify.observe(ms);
  }
}

export const receiverMetrics = new ReceiverMetrics();

/** Registers the figures on the service's registry (the ops port's /metrics). */
export function registerReceiverMetrics(registry: Registry, m: ReceiverMetrics = receiverMetrics): void {
  const counter = (name: string, help: string, value: () => number): void => scrapedCounter(registry, name, help, value);
  counter('ferry_receiver_wire_bytes_received_total', 'Chunk frame bytes received (ciphertext + 96 bytes per frame)', () => m.wireBytesReceived);
  counter('ferry_receiver_chunks_verified_total', 'Chunk frames that passed authentication and the plaintext hash check', () => m.chunksVerified);
  counter('ferry_receiver_zero_chunks_verified_total', 'Verified chunk frames that were zero ranges (no payload)', () => m.zeroChunksVerified);
  counter('ferry_receiver_chunks_resent_total', 'Verified chunks that had already been verified in the same generation (resent after a cut session)', () => m.chunksResent);
  counter('ferry_receiver_sessions_opened_total', 'Transfer sessions accepted (first sessions and resumes)', () => m.sessionsOpened);
  m.verify.register(registry, 'ferry_receiver_chunk_verify_seconds', 'Time from handing a chunk frame to the verify pool until it is verified (tag, zstd, SHA-256) and written');
}
