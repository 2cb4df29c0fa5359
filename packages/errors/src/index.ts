/**
 * The one error hierarchy of Ferry. Every error says what was wrong, with which value,
 * and what to do; `code` is stable for scripts and maps to one gRPC status in grpcStatusOf.
 */
export const ErrorCode = {
  Validation: 'VALIDATION',
  IllegalState: 'ILLEGAL_STATE',
  NotFound: 'NOT_FOUND',
  Concurrency: 'CONCURRENCY',
  Integrity: 'INTEGRITY',
  Unavailable: 'UNAVAILABLE',
  ResourceExhausted: 'RESOURCE_EXHAUSTED',
  Unauthenticated: 'UNAUTHENTICATED',
  PermissionDenied: 'PERMISSION_DENIED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export abstract class FerryError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input is wrong: names the field, the value and the fix. gRPC INVALID_ARGUMENT. */
export class ValidationError extends FerryError {
  readonly code = ErrorCode.Validation;
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
  }
}

/** The command is not allowed in the current state. gRPC FAILED_PRECONDITION. */
export class IllegalStateError extends FerryError {
  readonly code = ErrorCode.IllegalState;
}

/** Something named does not exist. gRPC NOT_FOUND. */
export class NotFoundError extends FerryError {
  readonly code = ErrorCode.NotFound;
}

/** Someone else changed the aggregate first; reload and retry. gRPC ABORTED. */
export class ConcurrencyError extends FerryError {
  readonly code = ErrorCode.Concurrency;
}

/** Data failed a check (hash, tag, chain, format). gRPC DATA_LOSS. */
export class IntegrityError extends FerryError {
  readonly code = ErrorCode.Integrity;
}

/** A dependency (vCenter, NATS, a peer service) cannot be reached. gRPC UNAVAILABLE. */
export class UnavailableError extends FerryError {
  readonly code = ErrorCode.Unavailable;
}

/**
 * A resource ran out (a full datastore, a quota): retrying soon will fail the same way until someone
 * makes room; the message says how much is needed and where. gRPC RESOURCE_EXHAUSTED.
 */
export class ResourceExhaustedError extends FerryError {
  readonly code = ErrorCode.ResourceExhausted;
}

/** The caller's credential is missing, expired or not one this site issued; says how to get one. gRPC UNAUTHENTICATED. */
export class UnauthenticatedError extends FerryError {
  readonly code = ErrorCode.Unauthenticated;
}

/** The caller is known but its role does not allow the call; names the role needed and the caller's. gRPC PERMISSION_DENIED. */
export class PermissionDeniedError extends FerryError {
  readonly code = ErrorCode.PermissionDenied;
}

/** gRPC status codes (numeric values of @grpc/grpc-js `status`), kept here so this package has no dependency. */
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, UNAVAILABLE: 14, DATA_LOSS: 15, INTERNAL: 13 } as const;

/** The one place that maps Ferry errors to gRPC status codes. */
export function grpcStatusOf(error: unknown): number {
  if (!(error instanceof FerryError)) return GRPC.INTERNAL;
  switch (error.code) {
    case ErrorCode.Validation:
      return GRPC.INVALID_ARGUMENT;
    case ErrorCode.IllegalState:
      return GRPC.FAILED_PRECONDITION;
    case ErrorCode.NotFound:
      return GRPC.NOT_FOUND;
    case ErrorCode.Concurrency:
      return GRPC.ABORTED;
    case ErrorCode.Integrity:
      return GRPC.DATA_LOSS;
    case ErrorCode.Unavailable:
      return GRPC.UNAVAILABLE;
    case ErrorCode.ResourceExhausted:
      return GRPC.RESOURCE_EXHAUSTED;
    case ErrorCode.Unauthenticated:
      return GRPC.UNAUTHENTICATED;
    case ErrorCode.PermissionDenied:
      return GRPC.PERMISSION_DENIED;
    default: {
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}
