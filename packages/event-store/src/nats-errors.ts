import { ConcurrencyError, UnavailableError } from '@ferry/errors';

/** JetStream API error codes the store reacts to (nats-server's errors.json). */
export const JsErrorCode = {
  StreamNotFound: 10059,
  WrongLastSequence: 10071,
  NoMessageFound: 10037,
} as const;

/** The JetStream API error code carried by a nats.js error, if any. */
export function jsErrorCode(error: unknown): number | undefined {
  return (error as { api_error?: { err_code?: number } } | null)?.api_error?.err_code;
}

/** Turns a failed publish into Ferry's error for it, or returns the error unchanged. */
export function mapPublishError(error: unknown, subject: string, expectedVersion: number): unknown {
  if (jsErrorCode(error) === JsErrorCode.WrongLastSequence) {
    return new ConcurrencyError(
      `${subject} has moved past version ${expectedVersion} (server: ${(error as Error).message}); reload the aggregate and decide again`,
      { cause: error },
    );
  }
  const code = (error as { code?: string }).code;
  if (code === '503' || code === 'TIMEOUT' || code === 'CONNECTION_CLOSED' || code === 'DISCONNECT') {
    return new UnavailableError(`cannot append to ${subject}: JetStream did not answer (${code}); check that nats-server is running with -js, then retry the same command id`, {
      cause: error,
    });
  }
  return error;
}
