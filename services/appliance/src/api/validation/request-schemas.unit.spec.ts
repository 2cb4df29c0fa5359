import { Metadata } from '@grpc/grpc-js';
import { UnauthenticatedError, ValidationError } from '@ferry/errors';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { z } from 'zod';
import { requestSchemas } from './request-schemas';
import type { Refusal } from '../../access/refusal-events';
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
  // Access control reduced to its contract: one known token of a viewer.
  const access: AccessCheck = {
    clock: () => 0,
    authenticate: async (authorization) => {
      if (authorization !== 'Bearer viewer-token') throw new UnauthenticatedError('the call carries no credential; run `ferry login`');
      return { actor: 'operator:vera', role: 'viewer' };
    },
    refused: (refusal) => refusals.push(refusal),
  };
  const call = (rpc: 'GetPlan' | 'StartPlan', metadata: Metadata, request: unknown) =>
    new Promise<{ code?: number; details?: string } | null>((resolve) => {
      const method = rpcGate(access).unary(rpc, handler);
      method({ request, metadata, getPeer: () => 'ipv4:10.0.0.7:50123' } as never, (error) => resolve(error as { code?: number; details?: string } | null));
    });
  const viewer = (): Metadata => {
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer viewer-token');
    return metadata;
  };

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
});
