// ListCacheVolumes: the latest IO-analyzer summary of each cloud-cache volume, as the analyzer port
// received it, a page at a time in volume id order (page_size, page_token, next_page_token, as ListVms).
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { DEFAULT_ANALYZER_LIMITS, volumeIdProblem, type CacheSummaries } from '../analyzer';

import api = ferry.api.v1;

/** Volumes on a page when page_size is 0, and the most a page may ask for. */
export const CACHE_VOLUMES_PAGE = { default: 100, max: 1000 } as const;

function pageSizeOf(requested: number): number {
  if (requested === 0) return CACHE_VOLUMES_PAGE.default;
  if (Number.isInteger(requested) && requested > 0 && requested <= CACHE_VOLUMES_PAGE.max) return requested;
  throw new ValidationError(
    'page_size',
    `${requested} is not between 1 and ${CACHE_VOLUMES_PAGE.max}; ask for at most ${CACHE_VOLUMES_PAGE.max} volumes (0 = ${CACHE_VOLUMES_PAGE.default}) and follow next_page_token`,
  );
}

/** A page token is the last volume id of the previous page, so the next page starts after it even when volumes come and go. */
const encodeToken = (volumeId: string): string => Buffer.from(volumeId, 'utf8').toString('base64url');

function decodeToken(token: string, summaries: CacheSummaries | undefined): string | undefined {
  if (token === '') return undefined;
  const limits = summaries?.limits ?? DEFAULT_ANALYZER_LIMITS;
  const id = /^[A-Za-z0-9_-]{1,400}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (id === '' || volumeIdProblem(id, limits)) {
    throw new ValidationError('page_token', `${JSON.stringify(token.slice(0, 80))} is not a token returned by a previous page; start with an empty token`);
  }
  return id;
}

export function listCacheVolumes(summaries: CacheSummaries | undefined, request: api.ListCacheVolumesRequest): api.IListCacheVolumesResponse {
  const pageSize = pageSizeOf(request.pageSize);
  const after = decodeToken(request.pageToken, summaries);
  const filter = request.volumeFilter;
  const maxFilter = (summaries?.limits ?? DEFAULT_ANALYZER_LIMITS).maxVolumeIdBytes;
  const filterBytes = Buffer.byteLength(filter);
  if (filterBytes > maxFilter) {
    throw new ValidationError('volume_filter', `is ${filterBytes} bytes, longer than any volume id (${maxFilter}); send a part of "<target IQN>/<lun>"`);
  }
  if (!summaries) return { volumes: [], nextPageToken: '', totalSize: 0 };
  const page = summaries.page(filter, after, pageSize);
  return {
    volumes: page.summaries.map((r) => ({ summary: r.summary, receivedAt: { unixMillis: r.receivedAt }, reportedBy: r.reportedBy })),
    nextPageToken: page.nextAfter === undefined ? '' : encodeToken(page.nextAfter),
    totalSize: page.total,
  };
}

/** Bytes a cache volume fetched from prem on demand, by IQN: the sum over its LUNs' latest summaries; undefined when none is held. */
export type OnDemandBytesOf = (iqn: string) => number | undefined;

export function onDemandBytesFrom(summaries: CacheSummaries | undefined): OnDemandBytesOf {
  return (iqn) => {
    if (!summaries || iqn === '') return undefined;
    const held = summaries.page(`${iqn}/`, undefined, CACHE_VOLUMES_PAGE.max).summaries.filter((r) => r.summary.targetIqn === iqn);
    // The volume's own persisted count: a cloud-cache restart does not reset it (on_demand_fetch_bytes counts since the volume was opened).
    return held.length === 0 ? undefined : held.reduce((sum, r) => sum + Number(r.summary.fetchedOnDemandBytesSinceCreation), 0);
  };
}
