import { ferry } from '@ferry/proto';
import { CacheSummaries } from '../analyzer';
import { listCacheVolumes } from './cache-api';

import api = ferry.api.v1;
import cache = ferry.cache.v1;

/** A store holding volumes iqn.2024-01.io.ferry:v-0000…v-<count-1>, LUN 0. */
function given(count: number): CacheSummaries {
  const store = new CacheSummaries();
  for (let first = 0; first < count; first += 1000) {
    const volumes = Array.from({ length: Math.min(1000, count - first) }, (_, k) => {
      const name = `iqn.2024-01.io.ferry:v-${String(first + k).padStart(4, '0')}`;
      return { volumeId: `${name}/0`, targetIqn: name, windowStart: { unixMillis: 1 }, windowEnd: { unixMillis: 2 } };
    });
    expect(store.apply(cache.IoSummaryBatch.create({ sentAt: { unixMillis: 2 }, volumes }), `10.0.0.${first / 1000}`)).toBeUndefined();
  }
  return store;
}

const list = (store: CacheSummaries | undefined, request: api.IListCacheVolumesRequest): api.IListCacheVolumesResponse =>
  listCacheVolumes(store, api.ListCacheVolumesRequest.create(request));

describe('ListCacheVolumes pages', () => {
  it('given 2,500 volumes, when listed without a page size, then 100 come back with a token, and following tokens lists every volume once in order', () => {
    const store = given(2500);
    const first = list(store, {});
    expect([first.volumes?.length, first.totalSize]).toEqual([100, 2500]);
    const ids = first.volumes?.map((v) => v.summary?.volumeId) ?? [];
    let token = first.nextPageToken ?? '';
    let pages = 1;
    while (token) {
      const page = list(store, { pageSize: 1000, pageToken: token });
      ids.push(...(page.volumes?.map((v) => v.summary?.volumeId) ?? []));
      token = page.nextPageToken ?? '';
      pages++;
    }
    expect([pages, ids.length, new Set(ids).size]).toEqual([4, 2500, 2500]);
    expect(ids).toEqual([...ids].sort());
  });

  it('given a filter, when listed, then the page and the total count only matching volumes', () => {
    const reply = list(given(2500), { volumeFilter: 'v-12', pageSize: 50 });
    expect([reply.volumes?.length, reply.totalSize, reply.nextPageToken]).toEqual([50, 100, expect.stringMatching(/^[A-Za-z0-9_-]+$/)]);
  });

  it.each([
    [{ pageSize: 1001 }, /^page_size: 1001 is not between 1 and 1000/],
    [{ pageSize: -1 }, /^page_size: -1 is not between 1 and 1000/],
    [{ pageToken: 'not a token!' }, /^page_token: "not a token!" is not a token returned by a previous page/],
    [{ pageToken: Buffer.from('../../etc/passwd').toString('base64url') }, /^page_token: /],
    [{ volumeFilter: 'x'.repeat(230) }, /^volume_filter: is 230 bytes, longer than any volume id \(229\)/],
  ] as Array<[api.IListCacheVolumesRequest, RegExp]>)('given %j, when listed, then a ValidationError names the field', (request, message) => {
    expect(() => list(given(3), request)).toThrow(message);
  });

  it('given no analyzer, when listed, then the page is empty and final', () => {
    expect(list(undefined, { pageSize: 10 })).toEqual({ volumes: [], nextPageToken: '', totalSize: 0 });
  });
});
