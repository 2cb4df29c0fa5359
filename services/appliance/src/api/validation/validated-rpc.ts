// The one path every ferry.api.v1.Ferry call takes (the gate): the caller is authenticated from its
// `authorization` metadata, its role is checked against the RPC's row of auth/rpc-roles.ts, the request
// is checked against its RPC's schema (request-schemas.ts), a scoped caller's scope against what the
// call is about (auth/rpc-scopes.ts), and only then does the handler run, with the caller; a scoped
// caller's list replies keep only what is in scope. A refusal is UNAUTHENTICATED or PERMISSION_DENIED
// saying what is needed (and is recorded in the security stream), or INVALID_ARGUMENT naming the field
// and the fix; what else needs state (the inventory, the store) is the handler's to refuse, on the same
// path.
import type { Metadata } from '@grpc/grpc-js';
import { PermissionDeniedError, UnauthenticatedError } from '@ferry/errors';
import { serverStream, unary } from '@ferry/service-kit';
import { AUTHORIZATION_METADATA_KEY, type Principal } from '../../access/authenticate';
import type { Refusal } from '../../access/refusal-events';
import { allows } from '../../access/roles';
import { admits, scopeText, targetText, type ScopeFacts, type ScopeTarget } from '../../access/scopes';
import { RPC_ROLES } from '../auth/rpc-roles';
import { RPC_SCOPES, scopedList, type RpcScope } from '../auth/rpc-scopes';
import { traceIdOfCall, type Caller } from '../caller';
import { requestSchemas, type FerryRpc } from './request-schemas';
import { validationErrorOf } from './zod-issues';

/** What the gate needs of access control: who a credential is, and where refusals go. */
export interface AccessCheck {
  authenticate(authorization: string | undefined, nowMs: number): Promise<Principal>;
  refused(refusal: Refusal): void;
  readonly clock: () => number;
}

/** Throws the ValidationError of the first bad field of `request`, as `rpc`'s schema declares it. */
export function checkRequest(rpc: FerryRpc, request: unknown): void {
  const result = requestSchemas[rpc].safeParse(request);
  if (!result.success) throw validationErrorOf(result.error);
}

/** The PERMISSION_DENIED of `principal` calling `rpc`, which needs `needed`. */
export function deniedError(rpc: FerryRpc, needed: string, principal: Principal): PermissionDeniedError {
  const fix = principal.actor.startsWith('integrator:') ? 'use a key created with that role (`ferry keys create <name> --role ' + needed + '`)' : `ask an admin to grant it (\`ferry users grant <user> ${needed}\`)`;
  return new PermissionDeniedError(`${rpc} needs the role ${needed}; ${principal.actor} has the role ${principal.role}; ${fix}`);
}

/** The PERMISSION_DENIED of a caller whose scope does not cover `target`, calling `rpc`. */
export function outOfScopeError(rpc: FerryRpc, target: ScopeTarget, principal: Pick<Principal, 'actor' | 'scope'>): PermissionDeniedError {
  const fix = principal.actor.startsWith('integrator:') ? 'use a key whose scope covers it (`ferry keys create <name> --role <role> --scope ...`)' : 'ask an admin for a user whose scope covers it (`ferry users add <name> --role <role> --scope ...`)';
  return new PermissionDeniedError(`${rpc} on ${targetText(target)} is outside the scope ${scopeText(principal.scope)} of ${principal.actor}; ${fix}`);
}

/** The actor of a call once authenticated, so a later refusal names it. */
interface Seen {
  actor: string;
}

async function admitCaller(access: AccessCheck, rpc: FerryRpc, metadata: Metadata, seen: Seen): Promise<Caller> {
  const needed = RPC_ROLES[rpc];
  const traceId = traceIdOfCall();
  if (needed === 'anyone') return { actor: '', role: undefined, traceId };
  const header = metadata.get(AUTHORIZATION_METADATA_KEY)[0];
  const principal = await access.authenticate(header === undefined ? undefined : String(header), access.clock());
  seen.actor = principal.actor;
  if (!allows(principal.role, needed)) throw deniedError(rpc, needed, principal);
  return { actor: principal.actor, role: principal.role, scope: principal.scope, expiresAt: principal.expiresAt, traceId };
}

/** Refuses a scoped caller's call on something outside its scope; a caller of the whole site passes at once. */
async function checkScope(rpc: FerryRpc, request: unknown, caller: Caller, facts: ScopeFacts): Promise<void> {
  const rule: RpcScope = RPC_SCOPES[rpc];
  if (caller.scope === undefined || caller.scope.kind === 'site' || typeof rule === 'string') return;
  const target = rule.target(request as never);
  if (!(await admits(caller.scope, target, facts))) throw outOfScopeError(rpc, target, { actor: caller.actor, scope: caller.scope });
}

/** A list reply as a scoped caller may see it. */
async function inScope<T>(rpc: FerryRpc, reply: T, caller: Caller, facts: ScopeFacts): Promise<T> {
  const { scope } = caller;
  if (scope === undefined || scope.kind === 'site' || RPC_SCOPES[rpc] !== 'list') return reply;
  return (await scopedList(rpc, reply, (target) => admits(scope, target, facts))) as T;
}

/** Runs `body` for `rpc`; an UNAUTHENTICATED or PERMISSION_DENIED it ends in is recorded before it is answered. */
async function recorded<T>(access: AccessCheck, rpc: FerryRpc, peer: string, body: (seen: Seen) => Promise<T>): Promise<T> {
  const seen: Seen = { actor: '' };
  try {
    return await body(seen);
  } catch (error) {
    if (error instanceof UnauthenticatedError || error instanceof PermissionDeniedError) {
      access.refused({ rpc, code: error instanceof UnauthenticatedError ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED', principal: seen.actor, peer, reason: error.message });
    }
    throw error;
  }
}

/** Makes the API's handlers: each goes through authentication, the role table, its schema and the caller's scope first. */
export function rpcGate(access: AccessCheck, facts: ScopeFacts) {
  const admit = async (rpc: FerryRpc, request: unknown, metadata: Metadata, seen: Seen): Promise<Caller> => {
    const caller = await admitCaller(access, rpc, metadata, seen);
    checkRequest(rpc, request);
    await checkScope(rpc, request, caller, facts);
    return caller;
  };
  return {
    /** A unary RPC whose handler sees only a checked request from an allowed caller. */
    unary<Req, Res>(rpc: FerryRpc, handler: (request: Req, caller: Caller) => Promise<Res>) {
      return unary(rpc, (request: Req, metadata: Metadata, peer: string) =>
        recorded(access, rpc, peer, async (seen) => {
          const caller = await admit(rpc, request, metadata, seen);
          return inScope(rpc, await handler(request, caller), caller, facts);
        }),
      );
    },
    /** A server-streaming RPC whose handler sees only a checked request from an allowed caller. */
    stream<Req, Res>(rpc: FerryRpc, handler: (request: Req, send: (reply: Res) => void, signal: AbortSignal, caller: Caller) => Promise<void>) {
      return serverStream(rpc, (request: Req, send: (reply: Res) => void, signal: AbortSignal, metadata: Metadata, peer: string) =>
        recorded(access, rpc, peer, async (seen) => handler(request, send, signal, await admit(rpc, request, metadata, seen))),
      );
    },
  };
}

export type RpcGate = ReturnType<typeof rpcGate>;
