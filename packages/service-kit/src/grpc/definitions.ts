import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { Root, Service } from 'protobufjs';
import { NotFoundError } from '@ferry/errors';
import { readFileSync } from 'node:fs';
import { lookupType } from '../proto/registry';
import { decodeRequest } from './malformed-request';

let root: Root | undefined;

function descriptorRoot(): Root {
  // Read at run time: the bundle lives in another package, outside this project's rootDir.
  root ??= Root.fromJSON(JSON.parse(readFileSync(require.resolve('@ferry/proto/generated/ferry.json'), 'utf8')) as Parameters<typeof Root.fromJSON>[0]);
  return root;
}

/** How a definition decodes the requests it receives. */
export interface ServiceDefinitionOptions {
  /**
   * Decode requests strictly: a body that is not a valid encoding (e.g. cut short) becomes a
   * MalformedRequest instead of a request with a truncated field. Only for handlers made with
   * unary()/serverStream(), which answer it INVALID_ARGUMENT (serveGrpc sets it). Default false:
   * the data plane's own handlers keep the Buffer decoding they were written for.
   */
  readonly strictRequests?: boolean;
}

/**
 * A @grpc/grpc-js service definition for a service declared in proto/, e.g. "ferry.api.v1.Ferry".
 * Method shapes come from the descriptor bundle (ferry.json); messages are encoded by the generated
 * static classes, so servers and clients exchange the same objects the rest of the code uses.
 */
export function grpcServiceDefinition(serviceName: string, options: ServiceDefinitionOptions = {}): ServiceDefinition {
  const service = descriptorRoot().lookup(serviceName);
  if (!(service instanceof Service)) {
    throw new NotFoundError(`no gRPC service "${serviceName}" in proto/; use a fully qualified name such as "grpc.health.v1.Health"`);
  }
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestTypeName = method.resolvedRequestType?.fullName.replace(/^\./, '') ?? method.requestType;
    const requestType = lookupType(requestTypeName);
    const responseType = lookupType(method.resolvedResponseType?.fullName.replace(/^\./, '') ?? method.responseType);
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream ?? false,
      responseStream: method.responseStream ?? false,
      requestSerialize: (value) => Buffer.from(requestType.encode(value).finish()),
      requestDeserialize: options.strictRequests ? (bytes) => decodeRequest(requestType, requestTypeName, bytes) : (bytes) => requestType.decode(bytes),
      responseSerialize: (value) => Buffer.from(responseType.encode(value).finish()),
      responseDeserialize: (bytes) => responseType.decode(bytes),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return definition;
}
