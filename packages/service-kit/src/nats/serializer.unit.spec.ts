import { ferry } from '@ferry/proto';
import { NotFoundError, ValidationError } from '@ferry/errors';
import { ProtobufDeserializer, ProtobufSerializer } from './serializer';
import { unwrap, wrap } from './envelope';

describe('protobuf NATS serializer', () => {
  const serializer = new ProtobufSerializer();
  const deserializer = new ProtobufDeserializer();

  it('given a request envelope, when deserialized, then NestJS gets the subject as pattern and the decoded message', () => {
    const bytes = wrap(ferry.common.v1.Ping.create({ from: 'demo', sentAt: { unixMillis: 1700000000000 } }), { id: 'req-1' });
    const packet = deserializer.deserialize(bytes, { channel: 'ferry.cmd.inventory.ping', replyTo: '_INBOX.x' });
    expect(packet).toMatchObject({ pattern: 'ferry.cmd.inventory.ping', id: 'req-1' });
    expect(packet.data).toBeInstanceOf(ferry.common.v1.Ping);
    expect((packet.data as ferry.common.v1.Ping).from).toBe('demo');
  });

  it('given a request without an id but with a reply subject, when deserialized, then it is still a request', () => {
    const packet = deserializer.deserialize(wrap(ferry.common.v1.Ping.create({ from: 'nats-cli' })), { channel: 'c', replyTo: '_INBOX.y' });
    expect('id' in packet && packet.id).toBe('_INBOX.y');
  });

  it('given no reply subject and no id, when deserialized, then it is an event (no id)', () => {
    const packet = deserializer.deserialize(wrap(ferry.common.v1.Ping.create({ from: 'x' })), { channel: 'c' });
    expect('id' in packet).toBe(false);
  });

  it('given a reply, when serialized and unwrapped, then the same message comes back with its type name', () => {
    const pong = ferry.common.v1.Pong.create({ service: 'appliance', traceId: 'abc', receivedAt: { unixMillis: 5 } });
    const { data } = serializer.serialize({ id: 'req-1', response: pong, isDisposed: true });
    const back = unwrap(data);
    expect(back).toMatchObject({ typeName: 'ferry.common.v1.Pong', id: 'req-1', disposed: true });
    expect(ferry.common.v1.Pong.toObject(back.message as ferry.common.v1.Pong, { longs: String })).toEqual({ service: 'appliance', traceId: 'abc', receivedAt: { unixMillis: '5' } });
  });

  it('given a handler error, when serialized, then the reply carries its class name and message', () => {
    const { data } = serializer.serialize({ id: 'r', err: new NotFoundError('no VM vm-7 on prem; list VMs with ferry vms') });
    expect(unwrap(data).error).toEqual({ name: 'NotFoundError', message: 'no VM vm-7 on prem; list VMs with ferry vms' });
  });

  it('given a plain object instead of a generated message, when serialized, then it is rejected saying what to send', () => {
    expect(() => serializer.serialize({ id: 'r', response: { service: 'x' } })).toThrow(/expected an instance of a generated protobuf class/);
  });

  it('given bytes that are no envelope, when deserialized, then a ValidationError says so', () => {
    expect(() => deserializer.deserialize(new Uint8Array([0xff, 0xff, 0xff]), { channel: 'c' })).toThrow(ValidationError);
  });

  it('given an envelope naming an unknown type, when unwrapped, then the error names the type', () => {
    const bytes = ferry.common.v1.Envelope.encode({ typeName: 'ferry.nope.v1.Thing', payload: new Uint8Array() }).finish();
    expect(() => unwrap(bytes)).toThrow(/"ferry.nope.v1.Thing" is not a message in @ferry\/proto/);
  });
});
