// The inventory RPCs' request messages (ferry.api.v1 ListVmsRequest, GetVmRequest, AssessVmRequest)
// and ListCacheVolumesRequest. Their page sizes and tokens are the inventory's and the analyzer's
// rules (cache-api.ts); here the text a caller sends is kept plain.
import { z } from 'zod';
import { migrationMode, moref, vcenterRole } from './identifiers';
import { integerIn } from './numbers';
import { plainText } from './text';

const pageToken = plainText(1000, 'send the next_page_token of the previous page, or an empty one for the first page');

export const listVmsRequest = z.object({
  vcenter: vcenterRole,
  nameFilter: plainText(255, 'send a part of a VM name, or leave it empty for every VM'),
  pageSize: integerIn(0n, 2n ** 31n - 1n, 'use 0 for the default page size or a positive count'),
  pageToken,
});

export const getVmRequest = z.object({ vcenter: vcenterRole, moref });
export const assessVmRequest = z.object({ vcenter: vcenterRole, moref, mode: migrationMode });

export const listCacheVolumesRequest = z.object({
  volumeFilter: plainText(1000, 'send a part of "<target IQN>/<lun>", or leave it empty for every volume'),
  pageSize: z.number().nullish(),
  pageToken,
});
