import { Metadata } from '@grpc/grpc-js';
import { ValidationError } from '@ferry/errors';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { z } from 'zod';
import { requestSchemas } from './request-schemas';
import { checkRequest, validatedUnary } from './validated-rpc';
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

describe('validatedUnary', () => {
  const handler = jest.fn(async () => ({ ok: true }));
  const call = (metadata: Metadata, request: unknown) =>
    new Promise<{ code?: number; details?: string } | null>((resolve) => {
      const method = validatedUnary('GetPlan', handler);
      method({ request, metadata } as never, (error) => resolve(error as { code?: number; details?: string } | null));
    });

  beforeEach(() => handler.mockClear());

  it('answers a bad x-ferry-actor INVALID_ARGUMENT naming the header and the accepted form, without running the handler', async () => {
    const metadata = new Metadata();
    metadata.set('x-ferry-actor', 'admin:x');
    expect(await call(metadata, { planId: 'plan-1' })).toEqual({
      code: 3,
      details: 'x-ferry-actor: "admin:x" is not "<operator|integrator|service>:<name>"; send e.g. "operator:alice" or leave it out',
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a bad field INVALID_ARGUMENT without running the handler, and runs it for a good request with the caller', async () => {
    expect(await call(new Metadata(), { planId: 'plan 1' })).toEqual({ code: 3, details: 'plan_id: "plan 1" is not a plan id; use the id CreatePlan returned' });
    expect(handler).not.toHaveBeenCalled();
    expect(await call(new Metadata(), { planId: 'plan-1' })).toBeNull();
    expect(handler).toHaveBeenCalledWith({ planId: 'plan-1' }, expect.objectContaining({ actor: 'integrator:anonymous' }));
  });
});
