// The one path every ferry.api.v1.Ferry call takes: the caller's x-ferry-actor header is read, the
// request is checked against its RPC's schema (request-schemas.ts), and only then does the handler
// run, with the caller. A refusal is INVALID_ARGUMENT naming the header or the field and the fix;
// what needs state (the inventory, the store) is the handler's to refuse, on the same path.
import type { Metadata } from '@grpc/grpc-js';
import { serverStream, unary } from '@ferry/service-kit';
import { callerOf, type Caller } from '../caller';
import { requestSchemas, type FerryRpc } from './request-schemas';
import { validationErrorOf } from './zod-issues';

/** Throws the ValidationError of the first bad field of `request`, as `rpc`'s schema declares it. */
export function checkRequest(rpc: FerryRpc, request: unknown): void {
  const result = requestSchemas[rpc].safeParse(request);
  if (!result.success) throw validationErrorOf(result.error);
}

function admit(rpc: FerryRpc, request: unknown, metadata: Metadata): Caller {
  const caller = callerOf(metadata);
  checkRequest(rpc, request);
  return caller;
}

/** A unary RPC whose handler sees only a checked request and the caller. */
export function validatedUnary<Req, Res>(rpc: FerryRpc, handler: (request: Req, caller: Caller) => Promise<Res>) {
  return unary(rpc, async (request: Req, metadata: Metadata) => handler(request, admit(rpc, request, metadata)));
}

/** A server-streaming RPC whose handler sees only a checked request and the caller. */
export function validatedStream<Req, Res>(rpc: FerryRpc, handler: (request: Req, send: (reply: Res) => void, signal: AbortSignal, caller: Caller) => Promise<void>) {
  return serverStream(rpc, async (request: Req, send: (reply: Res) => void, signal: AbortSignal, metadata: Metadata) => handler(request, send, signal, admit(rpc, request, metadata)));
}
