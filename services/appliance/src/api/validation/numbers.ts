// Rules for the API's integer fields. protobufjs hands a 64-bit field over as a Long (a number or a
// string from other callers); it is compared as a bigint and shown exactly, so 2^64-1 reads
// 18446744073709551615 in the refusal, not the rounded 18446744073709552000 of Number().
import { z } from 'zod';

interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
  toString(): string;
}

const isLong = (value: unknown): value is LongLike =>
  typeof value === 'object' && value !== null && typeof (value as LongLike).low === 'number' && typeof (value as LongLike).high === 'number' && typeof (value as LongLike).unsigned === 'boolean';

/** An integer field's exact value; undefined when it is not an integer at all. */
export function exactInteger(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string') return /^-?\d+$/.test(value) ? BigInt(value) : undefined;
  if (isLong(value)) return BigInt(value.toString());
  return undefined;
}

/**
 * An integer in [min, max]; unset (null or undefined: proto3's default, or an absent optional) passes.
 * `hint` says what to send instead.
 */
export function integerIn(min: bigint, max: bigint, hint: string) {
  return z.unknown().superRefine((value, ctx) => {
    if (value === null || value === undefined) return;
    const exact = exactInteger(value);
    if (exact === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(String(value))} is not an integer; ${hint}` });
    } else if (exact < min) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be at least ${min}, got ${exact}; ${hint}` });
    } else if (exact > max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be at most ${max}, got ${exact}; ${hint}` });
    }
  });
}

/** The largest value a uint64 field the appliance does arithmetic on may have (Number.MAX_SAFE_INTEGER). */
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
