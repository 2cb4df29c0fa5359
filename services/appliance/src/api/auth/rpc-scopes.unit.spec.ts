import { grpcServiceDefinition } from '@ferry/service-kit';
import { RPC_ROLES } from './rpc-roles';
import { RPC_SCOPES } from './rpc-scopes';

describe('the scope table of ferry.api.v1.Ferry', () => {
  it('has one row for every RPC of the service, and none for an RPC it does not have', () => {
    expect(Object.keys(RPC_SCOPES).sort()).toEqual(Object.keys(grpcServiceDefinition('ferry.api.v1.Ferry')).sort());
  });

  it('names the plan, migration or VM of each operator RPC, so a scoped operator acts only inside its scope', () => {
    const operatorRpcs = Object.entries(RPC_ROLES).filter(([, role]) => role === 'operator').map(([rpc]) => rpc as keyof typeof RPC_SCOPES);
    for (const rpc of operatorRpcs) {
      const rule = RPC_SCOPES[rpc];
      expect(typeof rule === 'object' ? rpc : `${rpc} has no target`).toBe(rpc);
    }
    expect(RPC_SCOPES.StartPlan.target({ planId: 'plan-b' } as never)).toEqual({ kind: 'plan', planId: 'plan-b' });
    expect(RPC_SCOPES.Cutover.target({ migrationId: 'mig-1' } as never)).toEqual({ kind: 'migration', migrationId: 'mig-1' });
    expect(RPC_SCOPES.CreatePlan.target({ vms: [{ moref: 'vm-1' }, { moref: 'vm-2' }] } as never)).toEqual({ kind: 'new-plan', vmMorefs: ['vm-1', 'vm-2'] });
  });

  it("leaves the site's audit, users and cache volumes to principals of the whole site", () => {
    expect(RPC_SCOPES.ExportAudit.target()).toEqual({ kind: 'site', what: "the site's audit trail" });
    expect(RPC_SCOPES.ListCacheVolumes.target()).toEqual({ kind: 'site', what: "the whole site's cache volumes" });
  });
});
