import { status } from '@grpc/grpc-js';
import { ValidationError } from '@ferry/errors';
import { sendableDetails, toServiceError } from './server';

describe('toServiceError', () => {
  it('makes details grpc-js can put in the grpc-message trailer (encodeURI) when the message has an unpaired surrogate', () => {
    // protobufjs's reader turns the bytes ed a0 80 (not valid UTF-8) into the lone surrogate U+D800.
    const error = toServiceError(new ValidationError('name', '"a\ud800b" is not a name'));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('name: "a\ufffdb" is not a name');
    expect(() => encodeURI(error.details ?? '')).not.toThrow();
    expect(() => encodeURI('a\ud800b')).toThrow(URIError);
  });

  it('keeps paired surrogates, controls and every other character as they are', () => {
    expect(sendableDetails('ship \ud83d\udea2 \u202e \u0000 \udc00')).toBe('ship \ud83d\udea2 \u202e \u0000 \ufffd');
    expect(toServiceError('plain').details).toBe('plain');
  });
});
