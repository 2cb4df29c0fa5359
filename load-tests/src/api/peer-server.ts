// bench:api's peer, the framework floor, run as a process of its own (node peer-server.js): a minimal
// grpc-js server of ferry.api.v1.Ferry encoding with the same generated protobufjs classes as the
// appliance's service definition, answering ListVms and GetMigration with a fixed reply (the
// appliance's own, captured once and handed over by the parent) and WatchMigration with a fixed
// snapshot, then holding the stream until the client cancels. It serves TLS with the appliance's own
// certificate, so both sides pay the same handshake and record costs. No validation, token check, inventory
// hop or event store, and nothing loaded beyond grpc-js and the generated classes: what any Node
// server of this API costs. It exits with its parent.
import { Server, ServerCredentials, type MethodDefinition, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type ServiceDefinition } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';

import api = ferry.api.v1;

/** Parent → peer: the replies, as protobuf bytes in base64. */
export interface PeerReplies {
  listVms: string;
  migration: string;
  /** The TLS certificate and key (PEM, base64) to serve with. */
  cert: string;
  key: string;
}

/** Peer → parent once it listens. */
export interface PeerReady {
  port: number;
}

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

function rpc<Req, Res>(name: string, request: Codec<Req>, response: Codec<Res>, responseStream: boolean): MethodDefinition<Req, Res> {
  return {
    path: `/ferry.api.v1.Ferry/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: (value) => Buffer.from(request.encode(value).finish()),
    requestDeserialize: (bytes) => request.decode(bytes),
    responseSerialize: (value) => Buffer.from(response.encode(value).finish()),
    responseDeserialize: (bytes) => response.decode(bytes),
  };
}

const service: ServiceDefinition = {
  ListVms: rpc('ListVms', api.ListVmsRequest, api.ListVmsResponse, false),
  GetMigration: rpc('GetMigration', api.GetMigrationRequest, api.Migration, false),
  WatchMigration: rpc('WatchMigration', api.WatchMigrationRequest, api.MigrationUpdate as Codec<api.IMigrationUpdate>, true),
};

function serve(replies: PeerReplies): void {
  const listVms = api.ListVmsResponse.decode(Buffer.from(replies.listVms, 'base64'));
  const migration = api.Migration.decode(Buffer.from(replies.migration, 'base64'));
  const server = new Server();
  server.addService(service, {
    ListVms: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<api.ListVmsResponse>) => callback(null, listVms),
    GetMigration: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<api.Migration>) => callback(null, migration),
    WatchMigration: (call: ServerWritableStream<unknown, api.IMigrationUpdate>) => {
      call.write({ snapshot: migration, at: { unixMillis: Date.now() } });
      call.on('cancelled', () => call.end());
    },
  });
  const tls = ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(replies.cert, 'base64'), private_key: Buffer.from(replies.key, 'base64') }], false);
  server.bindAsync('127.0.0.1:0', tls, (error, port) => {
    if (error) throw error;
    process.send?.({ port } satisfies PeerReady);
  });
}

process.on('disconnect', () => process.exit(0));
process.once('message', (message: PeerReplies) => serve(message));
