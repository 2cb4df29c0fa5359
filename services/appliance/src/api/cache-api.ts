// ListCacheVolumes: the latest IO-analyzer summary of every cloud-cache volume, as the analyzer port received it.
import { ferry } from '@ferry/proto';
import type { CacheSummaries } from '../analyzer';

import api = ferry.api.v1;

export function listCacheVolumes(summaries: CacheSummaries | undefined, request: api.ListCacheVolumesRequest): api.IListCacheVolumesResponse {
  const latest = summaries?.list(request.volumeFilter) ?? [];
  return { volumes: latest.map((r) => ({ summary: r.summary, receivedAt: { unixMillis: r.receivedAt }, reportedBy: r.reportedBy })) };
}
