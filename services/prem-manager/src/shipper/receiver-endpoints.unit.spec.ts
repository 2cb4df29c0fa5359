import { UnavailableError, ValidationError } from '@ferry/errors';
import { isReceiverDown, parseReceiverEndpoints, ReceiverRotation } from './receiver-endpoints';

describe('target_endpoint: one cloud-manager or a list of replicas', () => {
  it('takes one host:port as before, and a comma-separated list in its order, blanks trimmed, repeats once', () => {
    expect(parseReceiverEndpoints('cloud-manager:6000')).toEqual(['cloud-manager:6000']);
    expect(parseReceiverEndpoints('10.0.0.1:6000, 10.0.0.2:6000 ,[::1]:6000,10.0.0.1:6000')).toEqual(['10.0.0.1:6000', '10.0.0.2:6000', '[::1]:6000']);
  });

  it.each([
    ['', /target_endpoint: is empty/],
    [' , ', /target_endpoint: is empty/],
    ['a:6000,,b:6000', /target_endpoint: has an empty entry in "a:6000,,b:6000"/],
    ['a:6000,cloud-manager', /target_endpoint: entry "cloud-manager" is not host:port/],
    ['a:70000', /entry "a:70000" is not host:port .*port 1-65535/],
    [':6000', /entry ":6000" is not host:port/],
  ])('refuses %j naming the field', (value, message) => {
    expect(() => parseReceiverEndpoints(value)).toThrow(ValidationError);
    expect(() => parseReceiverEndpoints(value)).toThrow(message);
  });
});

describe('which replica the next session goes to', () => {
  it('stays on the first until it is found down, then goes round the list', () => {
    const rotation = ReceiverRotation.of('a:1,b:2,c:3');
    expect(rotation.current).toBe('a:1');
    expect([rotation.next(), rotation.next(), rotation.next(), rotation.current]).toEqual(['b:2', 'c:3', 'a:1', 'a:1']);
  });

  it('keeps a single receiver', () => {
    const rotation = ReceiverRotation.of('a:1');
    expect([rotation.next(), rotation.next()]).toEqual(['a:1', 'a:1']);
  });
});

describe('a session failure that moves to the next replica', () => {
  const streamFailure = (grpcCode: number, details: string): Error => Object.assign(new UnavailableError(`receiver stream failed: ${details}`), { grpcCode, receiverStream: true });

  it('is a receiver stream that could not connect, was dropped or reset', () => {
    expect(isReceiverDown(streamFailure(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:6000'))).toBe(true);
    expect(isReceiverDown(streamFailure(14, 'Connection dropped'))).toBe(true);
    expect(isReceiverDown(streamFailure(13, 'Received RST_STREAM with code 2 triggered by internal client error: read ECONNRESET'))).toBe(true);
  });

  it('is not a refusal the receiver answered itself, nor a failure of the source', () => {
    expect(isReceiverDown(streamFailure(10, 'disk-0 is being written by receiver replica host:6001'))).toBe(false);
    expect(isReceiverDown(streamFailure(15, 'target digest differs'))).toBe(false);
    expect(isReceiverDown(streamFailure(13, 'TypeError: cannot read properties of undefined'))).toBe(false);
    expect(isReceiverDown(Object.assign(new UnavailableError('source read failed'), { grpcCode: 14 }))).toBe(false);
  });
});
