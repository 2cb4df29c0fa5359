// Rules for the API's points in time (ferry.common.v1.Timestamp, unix milliseconds).
import { z } from 'zod';
import { exactInteger } from './numbers';

/** 2000-01-01T00:00:00Z: an earlier start is a mistake (an unset clock, seconds sent as milliseconds). */
export const EARLIEST_START_MILLIS = Date.UTC(2000, 0, 1);
/** How far ahead a start may be scheduled: further is a unit mistake (microseconds), not a plan. */
export const MAX_SCHEDULE_AHEAD_YEARS = 10;

const YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

function when(millis: bigint): string {
  const date = new Date(Number(millis));
  return Number.isNaN(date.getTime()) ? `${millis} ms` : `${date.toISOString()} (${millis} ms)`;
}

/**
 * A scheduled start: unset passes (start when asked); a set one lies between 2000 and
 * MAX_SCHEDULE_AHEAD_YEARS from `now` (read at each check).
 */
export function scheduledStart(now: () => number = Date.now, unset = 'start when asked') {
  return z
    .object({ unixMillis: z.unknown() })
    .nullish()
    .superRefine((timestamp, ctx) => {
      if (timestamp === null || timestamp === undefined) return;
      const millis = exactInteger(timestamp.unixMillis ?? 0) ?? 0n;
      const fix = `send unix milliseconds (not seconds or microseconds), or leave it unset to ${unset}`;
      const latest = BigInt(Math.floor(now() + MAX_SCHEDULE_AHEAD_YEARS * YEAR_MILLIS));
      if (millis < BigInt(EARLIEST_START_MILLIS)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${when(millis)} is before 2000-01-01; ${fix}` });
      } else if (millis > latest) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${when(millis)} is more than ${MAX_SCHEDULE_AHEAD_YEARS} years ahead (after ${when(latest)}); ${fix}` });
      }
    });
}
