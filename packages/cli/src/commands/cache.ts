import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { isoTime, table } from '../api/format';
import type { CliIo } from '../io';

import api = ferry.api.v1;

type Long = { toNumber(): number };
const n = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

/** Bytes as B, KiB, MiB, GiB or TiB with one decimal. */
function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/** `ferry cache [--volume <substring>]`: the cloud cache's volumes with their latest IO-analyzer figures. */
export function registerCache(program: Command, io: CliIo): void {
  withApiOptions(program.command('cache').description("the cloud cache's volumes: reads, writes, hit ratio, fetch latency, hydration"))
    .option('--volume <substring>', 'only volumes whose id ("<target IQN>/<lun>") contains this')
    .action((options: ApiOptions & { volume?: string }) =>
      withAppliance(
        io,
        options,
        async (call) => {
          // The appliance answers a page at a time (at most 1000 volumes); the command lists them all.
          const volumes: api.ICacheVolume[] = [];
          let pageToken = '';
          do {
            const page = await call<api.IListCacheVolumesRequest, api.ListCacheVolumesResponse>('ListCacheVolumes', { volumeFilter: options.volume ?? '', pageSize: 1000, pageToken });
            volumes.push(...page.volumes);
            pageToken = page.nextPageToken;
          } while (pageToken);
          return api.ListCacheVolumesResponse.create({ volumes, totalSize: volumes.length });
        },
        (reply) =>
          reply.volumes.length === 0
            ? `no cache volumes reported${options.volume ? ` matching "${options.volume}"` : ''} (cloud-cache pushes them to the appliance's analyzer port; check its ANALYZER_ENDPOINT)\n`
            : table(
                ['VOLUME', 'READS', 'READ', 'WRITES', 'WRITTEN', 'HIT RATIO', 'FETCH P50/P95/P99 ms', 'HYDRATED', 'RECEIVED'],
                reply.volumes.map(({ summary: s, receivedAt }) => {
                  const l = s?.fetchLatency;
                  const total = n(s?.chunksTotal);
                  return [
                    s?.volumeId ?? '', String(n(s?.readOps)), bytes(n(s?.readBytes)), String(n(s?.writeOps)), bytes(n(s?.writeBytes)),
                    percent(s?.hitRatio ?? 0), `${(l?.p50Ms ?? 0).toFixed(1)}/${(l?.p95Ms ?? 0).toFixed(1)}/${(l?.p99Ms ?? 0).toFixed(1)}`,
                    `${n(s?.chunksPresent)}/${total} (${percent(total > 0 ? n(s?.chunksPresent) / total : 1)})`, isoTime(receivedAt?.unixMillis),
                  ];
                }),
              ),
      ),
    );
}
