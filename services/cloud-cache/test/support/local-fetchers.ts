/**
 * A RemoteFetcherFactory for tests: a LUN's "prem disk" is the raw file <dir>/<migration id>/<disk id>.raw
 * on this machine. A legitimate local source (like CACHE_TARGETS images), so the command path, the
 * volume registry and iSCSI can be tested without the prem services.
 */
import { join } from 'node:path';
import { diskFetcher, openRawSource, type ChunkFetcher, type SourceDisk } from '../../src/cache/chunk-fetcher';
import type { RemoteFetcherFactory } from '../../src/cache/remote-source';

export function localFetchers(dir: string): RemoteFetcherFactory {
  return (source) => {
    // Opened on the first miss, as a remote fetcher connects lazily; a missing file fails that read only.
    let opened: Promise<{ disk: SourceDisk; fetcher: ChunkFetcher }> | undefined;
    const open = (): Promise<{ disk: SourceDisk; fetcher: ChunkFetcher }> =>
      (opened ??= openRawSource(join(dir, source.migrationId, `${source.diskId}.raw`)).then((disk) => ({ disk, fetcher: diskFetcher(disk, source.chunkSize) })));
    return {
      size: source.virtualSize,
      fetch: async (index) => (await open()).fetcher.fetch(index),
      close: async () => {
        if (opened) await (await opened).disk.close();
      },
    };
  };
}
