// Cloud cache: how VMs running over the cache are served while their disks hydrate.
import type { DashboardSpec } from './dashboard';

const CACHE = 'service="cloud-cache"';

export const CLOUD_CACHE: DashboardSpec = {
  uid: 'ferry-cloud-cache',
  title: 'Ferry / Cloud cache',
  description: 'Warm migrations: hit ratio, on-demand fetch latency, hydration progress and what guests write, per cache volume.',
  rows: [
    {
      title: 'Serving the guests',
      panels: [
        { title: 'Hit ratio', kind: 'timeseries', unit: 'percentunit', description: 'Share of reads served without an on-demand fetch from prem.', queries: [{ expr: `ferry_cache_hit_ratio{${CACHE}}`, legend: '{{volume}}' }] },
        {
          title: 'On-demand fetch latency', kind: 'timeseries', unit: 'ms', description: 'How long a guest read waits for a chunk fetched from prem (recent window).',
          queries: [
            { expr: `ferry_cache_fetch_latency_ms{${CACHE}, quantile="0.5"}`, legend: 'p50 {{volume}}' },
            { expr: `ferry_cache_fetch_latency_ms{${CACHE}, quantile="0.99"}`, legend: 'p99 {{volume}}' },
          ],
        },
        { title: 'On-demand fetches', kind: 'timeseries', unit: 'ops', description: 'Chunks fetched from prem because a guest read them first.', queries: [{ expr: `sum by (volume) (rate(ferry_cache_ondemand_fetches_total{${CACHE}}[1m]))`, legend: '{{volume}}' }] },
        { title: 'iSCSI connections', kind: 'timeseries', unit: 'short', description: 'Connections open on the iSCSI portal.', queries: [{ expr: 'sum by (instance) (ferry_iscsi_connections_open)', legend: '{{instance}}' }] },
      ],
    },
    {
      title: 'Hydration and writes',
      panels: [
        { title: 'Hydration progress', kind: 'timeseries', unit: 'percentunit', description: 'Chunks held locally of the volume.', queries: [{ expr: `ferry_cache_present_chunks{${CACHE}} / ferry_cache_chunks{${CACHE}}`, legend: '{{volume}}' }] },
        { title: 'Hydrated chunks', kind: 'timeseries', unit: 'ops', description: 'Chunks the background copy stored per second.', queries: [{ expr: `sum by (volume) (rate(ferry_cache_hydrated_chunks_total{${CACHE}}[1m]))`, legend: '{{volume}}' }] },
        { title: 'Bytes written by guests', kind: 'timeseries', unit: 'Bps', description: 'What the guests write in the cloud: it is what migrate back would return.', queries: [{ expr: `sum by (volume) (rate(ferry_cache_write_bytes_total{${CACHE}}[1m]))`, legend: '{{volume}}' }] },
        { title: 'Bytes read by guests', kind: 'timeseries', unit: 'Bps', description: 'Guest reads served by the cache.', queries: [{ expr: `sum by (volume) (rate(ferry_cache_read_bytes_total{${CACHE}}[1m]))`, legend: '{{volume}}' }] },
      ],
    },
  ],
};
