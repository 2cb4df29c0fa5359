import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { checkRequest } from './validated-rpc';
import type { FerryRpc } from './request-schemas';

import api = ferry.api.v1;

function refusal(rpc: FerryRpc, request: unknown): string {
  try {
    checkRequest(rpc, request);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected the request to be refused');
}

describe('inventory and cache request schemas', () => {
  it('take the vCenter roles (any case, empty for prem), a moref and a mode', () => {
    for (const vcenter of ['', 'prem', 'cloud', ' Cloud ']) expect(() => checkRequest('ListVms', api.ListVmsRequest.create({ vcenter, pageSize: 1000 }))).not.toThrow();
    expect(() => checkRequest('AssessVm', api.AssessVmRequest.create({ vcenter: 'prem', moref: 'vm-42', mode: ferry.migration.v1.MigrationMode.MIGRATION_MODE_WARM }))).not.toThrow();
    expect(() => checkRequest('ListCacheVolumes', api.ListCacheVolumesRequest.create({ volumeFilter: 'iqn.2024-01.io.ferry:vm-1/0', pageSize: 5000 }))).not.toThrow(); // the page size is cache-api's rule
  });

  it('refuse an unknown vCenter role, a control character in a moref or filter, a negative page size and an unknown mode', () => {
    expect(refusal('ListVms', api.ListVmsRequest.create({ vcenter: 'mars' }))).toBe('vcenter: "mars" is not a vCenter role; use "prem" (the source) or "cloud" (the target)');
    expect(refusal('GetVm', api.GetVmRequest.create({ moref: 'vm-1\u0000' }))).toMatch(/^moref: "vm-1\\u0000" contains the control character U\+0000/);
    expect(refusal('ListVms', api.ListVmsRequest.create({ nameFilter: 'web\u2067' }))).toMatch(/^name_filter: .*U\+2067/);
    expect(refusal('ListVms', api.ListVmsRequest.create({ pageSize: -1 }))).toMatch(/^page_size: must be at least 0, got -1/);
    expect(refusal('AssessVm', api.AssessVmRequest.create({ moref: 'vm-1', mode: 9 as ferry.migration.v1.MigrationMode }))).toBe('mode: 9 is not a migration mode; use MIGRATION_MODE_COLD (1), MIGRATION_MODE_WARM (2) or MIGRATION_MODE_PRECOPY (3)');
    expect(refusal('ListCacheVolumes', api.ListCacheVolumesRequest.create({ pageToken: 'x\u0000' }))).toMatch(/^page_token: /);
  });
});
