import { ValidationError, grpcStatusOf } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { decodeRequest, MalformedRequest } from './malformed-request';

import api = ferry.api.v1;

describe('strict request decoding', () => {
  it('refuses a body whose string runs past its end (protobufjs alone decodes 0a 05 41 as "A")', () => {
    const body = Buffer.from([0x0a, 0x05, 0x41]);
    expect(api.GetPlanRequest.decode(body).planId).toBe('A'); // what the strict decoding is for
    const decoded = decodeRequest(api.GetPlanRequest, 'ferry.api.v1.GetPlanRequest', body);
    expect(decoded).toBeInstanceOf(MalformedRequest);
    const error = (decoded as MalformedRequest).toError();
    expect(error).toBeInstanceOf(ValidationError);
    expect(grpcStatusOf(error)).toBe(3);
    expect(error.message).toBe('request: the 3-byte body is not a valid ferry.api.v1.GetPlanRequest (index out of range: 2 + 5 > 3); send the complete protobuf encoding of the message');
  });

  it('refuses a nested message cut short and a bad wire type', () => {
    const whole = Buffer.from(api.CreatePlanRequest.encode({ name: 'wave 1', target: { folder: '/DC0/vm' } }).finish());
    expect(decodeRequest(api.CreatePlanRequest, 'ferry.api.v1.CreatePlanRequest', whole.subarray(0, whole.length - 2))).toBeInstanceOf(MalformedRequest);
    expect(decodeRequest(api.GetPlanRequest, 'ferry.api.v1.GetPlanRequest', Buffer.from([0x0f]))).toBeInstanceOf(MalformedRequest);
  });

  it('decodes a whole body, an empty one, and one inside a larger buffer, as protobufjs does', () => {
    const pool = Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.from(api.GetPlanRequest.encode({ planId: 'plan-1' }).finish()), Buffer.from([0xff])]);
    const body = pool.subarray(2, pool.length - 1);
    expect(decodeRequest(api.GetPlanRequest, 'ferry.api.v1.GetPlanRequest', body)).toEqual(api.GetPlanRequest.decode(body));
    expect(decodeRequest(api.GetPlanRequest, 'ferry.api.v1.GetPlanRequest', Buffer.alloc(0))).toEqual(api.GetPlanRequest.decode(Buffer.alloc(0)));
  });
});
