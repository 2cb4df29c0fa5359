/**
 * The seam between a cache volume fed from prem and the data path that feeds it. A volume made by
 * command names its source as (migration, disk); the composition root supplies the factory that
 * turns that into a ChunkFetcher whose misses travel cloud-cache → cloud-manager → interconnect →
 * prem-manager → prem-esxi-manager and come back sealed (see docs/warm-data-path.md).
 */
import type { ChunkFetcher } from './chunk-fetcher';

/** A LUN's remote source: the prem disk of one migration. */
export interface RemoteSource {
  migrationId: string;
  diskId: string;
  /** Size of the prem disk in bytes (the LUN's virtual size). */
  virtualSize: number;
  /** Chunk size of the volume (a power of two, at least 4096). */
  chunkSize: number;
}

/** Makes the fetcher of one remote-sourced volume. */
export type RemoteFetcherFactory = (source: RemoteSource) => ChunkFetcher;
