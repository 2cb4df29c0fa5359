// What a failed call to the appliance means for the operator: one row per class of gRPC status, each
// with its exit code and the sentence printed. Pure: the caller says whether the appliance answered.
import { status as GrpcStatus } from '@grpc/grpc-js';

/** Exit codes of the API commands, one per class of failure. */
export const EXIT = {
  ok: 0,
  /** The appliance refused the request (bad input, wrong state, unknown id) or failed it; a watched migration failed. */
  refused: 1,
  /** The command line was wrong (commander's usage errors). */
  usage: 2,
  /** No connection to the appliance: wrong address, not running, network. */
  unreachable: 3,
  /** The appliance is up but cannot serve now (its event store or a peer is down, it is overloaded): try again. */
  unavailable: 4,
  /** The appliance does not accept who the CLI acts as. */
  denied: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failed call as grpc-js reports it. */
export interface CallFailure {
  readonly code: number;
  readonly details: string;
}

/** What the CLI knows around the failure. */
export interface CallContext {
  /** --appliance, as given. */
  readonly appliance: string;
  /** True when the channel to the appliance was up: the status came from the appliance, not from grpc-js. */
  readonly answered: boolean;
  /** The deadline the CLI gave the call. */
  readonly deadlineMs: number;
  /** The credential the CLI sent, as a phrase ("the login of operator:alice (…)", "no credential (not logged in)"). */
  readonly credential: string;
}

/** The operator's reading of a failure: the exit code, the status name and the line for stderr (without "ferry: "). */
export interface Explained {
  readonly exitCode: ExitCode;
  readonly status: string;
  readonly message: string;
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** Maps a failed call to what it means for the operator; every gRPC status has a row. */
export function explainCallError(failure: CallFailure, context: CallContext): Explained {
  const status = GrpcStatus[failure.code] ?? `gRPC status ${failure.code}`;
  // Not the details' wording: an appliance that answers UNAVAILABLE quotes grpc-js's "No connection established" of its own peers.
  const { details } = failure;
  const { answered } = context;
  const row = (exitCode: ExitCode, message: string): Explained => ({ exitCode, status, message });
  switch (failure.code) {
    case GrpcStatus.UNAVAILABLE:
      if (!answered) return row(EXIT.unreachable, `cannot reach the appliance at ${context.appliance} (${details}); check --appliance or FERRY_APPLIANCE and that the appliance runs`);
      return row(EXIT.unavailable, `${status} from the appliance at ${context.appliance}: ${details}`);
    case GrpcStatus.DEADLINE_EXCEEDED:
      if (!answered) return row(EXIT.unreachable, `cannot reach the appliance at ${context.appliance} within ${seconds(context.deadlineMs)} (${details}); check --appliance or FERRY_APPLIANCE and that the appliance runs`);
      return row(EXIT.unavailable, `${status}: the appliance at ${context.appliance} did not answer within ${seconds(context.deadlineMs)}; it may be overloaded or its event store unreachable (see its log and /metrics), try again shortly`);
    case GrpcStatus.RESOURCE_EXHAUSTED:
    case GrpcStatus.ABORTED:
      return row(EXIT.unavailable, `${status}: ${details}; try again shortly`);
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.FAILED_PRECONDITION:
    case GrpcStatus.NOT_FOUND:
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.OUT_OF_RANGE:
      return row(EXIT.refused, `${status}: ${details}`);
    case GrpcStatus.PERMISSION_DENIED:
      return row(EXIT.denied, `${status}: ${details} (the CLI sent ${context.credential}); log in as a user with that role (\`ferry login --user <name>\`)`);
    case GrpcStatus.UNAUTHENTICATED:
      return row(EXIT.denied, `${status}: ${details} (the CLI sent ${context.credential}; log in with \`ferry login --appliance ${context.appliance} --user <name>\`, or set FERRY_TOKEN to an API key)`);
    case GrpcStatus.UNIMPLEMENTED:
      return row(EXIT.refused, `${status}: the appliance at ${context.appliance} does not offer this call (${details}); it may be older than this CLI`);
    case GrpcStatus.CANCELLED:
      return row(EXIT.refused, `${status}: the call was cancelled (${details})`);
    default:
      // INTERNAL, UNKNOWN, DATA_LOSS: the appliance failed the call; its log has the rest.
      return row(EXIT.refused, `${status}: the appliance failed the call: ${details}; see the appliance's log`);
  }
}
