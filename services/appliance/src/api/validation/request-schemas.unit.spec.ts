import { Metadata } from '@grpc/grpc-js';
import { UnauthenticatedError, ValidationError } from '@ferry/errors';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { z } from 'zod';
import { requestSchemas } from './request-schemas';
import type { Refusal } from '../../access/refusal-events';
import { SITE_SCOPE, type ScopeFacts } from '../../access/scopes';
import type { FerryRpc } from './request-schemas';
import { checkRequest, rpcGate, type AccessCheck } from './validated-rpc';
import { protoFieldOf, validationErrorOf } from './zod-issues';

describe('the request schemas of ferry.api.v1.Ferry', () => {
  it('declare one schema for every RPC of the service, and none for an RPC it does not have', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual(Object.keys(grpcServiceDefinition('ferry.api.v1.Ferry')).sort());
  });

  it('name a field as the .proto does: snake_case, with indexes', () => {
    expect(protoFieldOf(['networkMap', 0, 'targetNetwork'])).toBe('network_map[0].target_network');
    expect(protoFieldOf(['target', 'resourcePool'])).toBe('target.resource_pool');
    expect(protoFieldOf([])).toBe('request');
  });

  it("turn zod's own issues (a request built by hand with a wrong type) into a ValidationError naming the field", () => {
    const parsed = z.object({ pageSize: z.number() }).safeParse({ pageSize: 'ten' });
    expect(parsed.success).toBe(false);
    const error = validationErrorOf((parsed as z.SafeParseError<unknown>).error);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('page_size: Expected number, received string; send the field with the type the .proto declares');
    expect(() => checkRequest('GetPlan', 'not a message')).toThrow('request: Expected object, received string');
  });
});

describe('the gate (rpcGate)', () => {
  const handler = jest.fn(async () => ({ ok: true }));
  const refusals: Refusal[] = [];
  // Access control reduced to its contract: a viewer of the whole site, and an operator scoped to plan-a.
  const access: AccessCheck = {
    clock: () => 0,
    authenticate: async (authorization) => {
      if (authorization === 'Bearer viewer-token') return { actor: 'operator:vera', role: 'viewer', scope: SITE_SCOPE };
      if (authorization === 'Bearer scoped-token') return { actor: 'operator:otto', role: 'operator', scope: { kind: 'plan', planId: 'plan-a' } };
      throw new UnauthenticatedError('the call carries no credential; run `ferry login`');
    },
    refused: (refusal) => refusals.push(refusal),
  };
  // The site: plan-a migrates vm-1 (mig-a-1), plan-b vm-2 (mig-b-1).
  const facts: ScopeFacts = {
    planVms: async (planId) => ({ 'plan-a': ['vm-1'], 'plan-b': ['vm-2'] })[planId],
    migration: async (id) => ({ 'mig-a-1': { planId: 'plan-a', vmMoref: 'vm-1' }, 'mig-b-1': { planId: 'plan-b', vmMoref: 'vm-2' } })[id],
    vmFolderPath: async () => '/DC0/vm',
  };
  const answer = (rpc: FerryRpc, metadata: Metadata, request: unknown, run: (request: unknown) => Promise<unknown> = handler) =>
    new Promise<{ error: { code?: number; details?: string } | null; reply: unknown }>((resolve) => {
      const method = rpcGate(access, facts).unary(rpc, run);
      method({ request, metadata, getPeer: () => 'ipv4:10.0.0.7:50123' } as never, (error, reply) => resolve({ error: error as { code?: number; details?: string } | null, reply }));
    });
  const call = async (rpc: FerryRpc, metadata: Metadata, request: unknown) => (await answer(rpc, metadata, request)).error;
  const bearer = (token: string) => (): Metadata => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };
  const viewer = bearer('viewer-token');
  const scoped = bearer('scoped-token');

  beforeEach(() => {
    handler.mockClear();
    refusals.length = 0;
  });

  it('answers a call without a credential UNAUTHENTICATED, records it, and does not run the handler', async () => {
    const metadata = new Metadata();
    metadata.set('x-ferry-actor', 'operator:alice'); // a self-named actor counts for nothing
    expect(await call('GetPlan', metadata, { planId: 'plan-1' })).toEqual({ code: 16, details: 'the call carries no credential; run `ferry login`' });
    expect(handler).not.toHaveBeenCalled();
    expect(refusals).toEqual([{ rpc: 'GetPlan', code: 'UNAUTHENTICATED', principal: '', peer: 'ipv4:10.0.0.7:50123', reason: 'the call carries no credential; run `ferry login`' }]);
  });

  it("answers a viewer's StartPlan PERMISSION_DENIED naming the role needed and the caller's, before looking at the request", async () => {
    const details = 'StartPlan needs the role operator; operator:vera has the role viewer; ask an admin to grant it (`ferry users grant <user> operator`)';
    expect(await call('StartPlan', viewer(), { planId: 'not a plan id' })).toEqual({ code: 7, details });
    expect(handler).not.toHaveBeenCalled();
    expect(refusals).toEqual([{ rpc: 'StartPlan', code: 'PERMISSION_DENIED', principal: 'operator:vera', peer: 'ipv4:10.0.0.7:50123', reason: details }]);
  });

  it('answers a bad field INVALID_ARGUMENT without running the handler, and runs it for a good request with the authenticated caller', async () => {
    expect(await call('GetPlan', viewer(), { planId: 'plan 1' })).toEqual({ code: 3, details: 'plan_id: "plan 1" is not a plan id; use the id CreatePlan returned' });
    expect(handler).not.toHaveBeenCalled();
    expect(await call('GetPlan', viewer(), { planId: 'plan-1' })).toBeNull();
    expect(handler).toHaveBeenCalledWith({ planId: 'plan-1' }, expect.objectContaining({ actor: 'operator:vera', role: 'viewer' }));
    expect(refusals).toEqual([]);
  });

  it("refuses a plan-scoped operator's call on another plan, or on its migration, PERMISSION_DENIED naming the scope, and runs it on its own plan", async () => {
    const details = 'StartPlan on plan plan-b is outside the scope plan:plan-a of operator:otto; ask an admin for a user whose scope covers it (`ferry users add <name> --role <role> --scope ...`)';
    expect(await call('StartPlan', scoped(), { planId: 'plan-b' })).toEqual({ code: 7, details });
    expect(await call('CancelMigration', scoped(), { migrationId: 'mig-b-1' })).toMatchObject({ code: 7, details: expect.stringMatching(/^CancelMigration on migration mig-b-1 is outside the scope plan:plan-a/) });
    expect(await call('ListCacheVolumes', scoped(), {})).toMatchObject({ code: 7, details: expect.stringMatching(/^ListCacheVolumes on the whole site's cache volumes is outside the scope plan:plan-a/) });
    expect(handler).not.toHaveBeenCalled();
    expect(refusals).toEqual([expect.objectContaining({ rpc: 'StartPlan', code: 'PERMISSION_DENIED', principal: 'operator:otto', reason: details }), expect.anything(), expect.anything()]);
    expect(await call('StartPlan', scoped(), { planId: 'plan-a' })).toBeNull();
    expect(await call('CancelMigration', scoped(), { migrationId: 'mig-a-1' })).toBeNull();
    expect(handler).toHaveBeenCalledWith({ planId: 'plan-a' }, expect.objectContaining({ actor: 'operator:otto', scope: { kind: 'plan', planId: 'plan-a' } }));
  });

  it("keeps only what is in a scoped caller's scope in a list reply, and all of it for a caller of the whole site", async () => {
    const plans = { plans: [{ id: 'plan-a', vms: [{ moref: 'vm-1' }] }, { id: 'plan-b', vms: [{ moref: 'vm-2' }] }], nextPageToken: '', totalSize: 2 };
    expect((await answer('ListPlans', scoped(), {}, async () => plans)).reply).toEqual({ plans: [plans.plans[0]], nextPageToken: '', totalSize: 0 });
    expect((await answer('ListPlans', viewer(), {}, async () => plans)).reply).toEqual(plans);
    const migrations = { migrations: [{ id: 'mig-a-1', planId: 'plan-a', sourceVm: { moref: 'vm-1' } }, { id: 'mig-b-1', planId: 'plan-b', sourceVm: { moref: 'vm-2' } }] };
    expect((await answer('ListMigrations', scoped(), {}, async () => migrations)).reply).toMatchObject({ migrations: [{ id: 'mig-a-1' }] });
    const vms = { vms: [{ ref: { moref: 'vm-1' } }, { ref: { moref: 'vm-2' } }] };
    expect((await answer('ListVms', scoped(), {}, async () => vms)).reply).toEqual({ vms: [{ ref: { moref: 'vm-1' } }] });
  });
});
