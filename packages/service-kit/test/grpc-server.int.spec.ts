import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { serveGrpc, unary, type RunningGrpcServer } from '../src';

import api = ferry.api.v1;

/** A raw unary call: the body goes on the wire as given, the reply comes back as bytes. */
function rawCall(address: string, path: string, body: Buffer, metadata = new Metadata()): Promise<Buffer> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<Buffer>((resolve, reject) =>
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, metadata, { deadline: Date.now() + 5_000 }, (error, reply) => (error ? reject(error) : resolve(reply as Buffer))),
  ).finally(() => client.close());
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to be refused');
}

describe('serveGrpc: malformed bodies and handlers that throw at once', () => {
  let server: RunningGrpcServer;
  let address: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = await serveGrpc('127.0.0.1', 0, {
      'ferry.api.v1.Ferry': {
        GetPlan: unary('GetPlan', async (r: api.GetPlanRequest) => {
          seen.push(r.planId);
          return { id: r.planId };
        }),
        // Throws before any promise exists, as a handler reading a header synchronously does.
        StartPlan: unary('StartPlan', (r: api.StartPlanRequest) => {
          throw new ValidationError('x-ferry-actor', `"${r.planId}" is not accepted`);
        }),
      },
    });
    address = `127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('answers a truncated body (0a 05 41) INVALID_ARGUMENT without running the handler', async () => {
    const error = await refusal(rawCall(address, '/ferry.api.v1.Ferry/GetPlan', Buffer.from([0x0a, 0x05, 0x41])));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('request: the 3-byte body is not a valid ferry.api.v1.GetPlanRequest (index out of range: 2 + 5 > 3); send the complete protobuf encoding of the message');
    expect(seen).toEqual([]);
  });

  it('decodes a whole body as before', async () => {
    const reply = await rawCall(address, '/ferry.api.v1.Ferry/GetPlan', Buffer.from(api.GetPlanRequest.encode({ planId: 'plan-1' }).finish()));
    expect(api.Plan.decode(reply).id).toBe('plan-1');
    expect(seen).toEqual(['plan-1']);
  });

  it('answers a handler that throws synchronously with its error class and message, not UNKNOWN', async () => {
    const error = await refusal(rawCall(address, '/ferry.api.v1.Ferry/StartPlan', Buffer.from(api.StartPlanRequest.encode({ planId: 'p' }).finish())));
    expect({ code: error.code, details: error.details }).toEqual({ code: status.INVALID_ARGUMENT, details: 'x-ferry-actor: "p" is not accepted' });
  });
});
