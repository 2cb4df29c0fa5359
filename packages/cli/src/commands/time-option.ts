// A point in time on the command line (`--start-at`, `--at`): an ISO 8601 time with its zone, as unix ms.
import { InvalidArgumentError } from 'commander';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2026-12-04T22:00:00Z" or "2026-12-04T23:00+01:00" → unix ms; anything else is a usage error naming the form. */
export function isoInstant(flag: string) {
  return (value: string): number => {
    const millis = Date.parse(value);
    if (!ISO.test(value) || Number.isNaN(millis)) {
      throw new InvalidArgumentError(`"${value}" is not an ISO time with a zone; write e.g. ${flag} 2026-12-04T22:00:00Z or ${flag} 2026-12-04T23:00+01:00`);
    }
    return millis;
  };
}
