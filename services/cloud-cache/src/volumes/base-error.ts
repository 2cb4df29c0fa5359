/**
 * A command's reply carries an error by class name, and callers rebuild only the base classes of
 * @ferry/errors (natsRequest in @ferry/service-kit); a subclass such as VsphereFaultError would
 * arrive as an opaque RemoteError. So an error leaves a handler as its base class, same message,
 * the original kept as `cause`.
 */
import { ConcurrencyError, FerryError, IllegalStateError, IntegrityError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';

const BASE = new Set(['ValidationError', 'IllegalStateError', 'NotFoundError', 'ConcurrencyError', 'IntegrityError', 'UnavailableError']);

/** `error` as its @ferry/errors base class (anything else unchanged). */
export function asBaseError(error: unknown): unknown {
  if (!(error instanceof FerryError) || BASE.has(error.name)) return error;
  const options = { cause: error };
  if (error instanceof ValidationError) return new ValidationError(error.field, error.message.slice(error.field.length + 2), options);
  if (error instanceof IllegalStateError) return new IllegalStateError(error.message, options);
  if (error instanceof NotFoundError) return new NotFoundError(error.message, options);
  if (error instanceof ConcurrencyError) return new ConcurrencyError(error.message, options);
  if (error instanceof IntegrityError) return new IntegrityError(error.message, options);
  if (error instanceof UnavailableError) return new UnavailableError(error.message, options);
  return error;
}
