// Rules for the API's free-text fields. A control character breaks logs, terminals and the CLI's
// tables; a bidirectional control makes a value display as something else than it is (the "Trojan
// Source" trick), so an operator could approve a plan whose name reads differently in the audit trail.
import { z } from 'zod';

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/**
 * An unpaired UTF-16 surrogate: what protobufjs's reader makes of bytes that are not valid UTF-8 (a
 * proto3 string must be). It cannot be shown, stored as text or sent in a gRPC status message.
 */
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** How long a shown value may be before it is cut. */
const SHOWN_MAX = 60;

/**
 * A value as an error message may quote it: in double quotes, controls and bidirectional controls
 * escaped (\u202e), and cut after 60 characters (with its length said, unless `sayLength` is false
 * because the message says it), so the message itself is safe to print and log.
 */
export function shown(value: string, sayLength = true): string {
  const chars = [...value];
  const head = chars.slice(0, SHOWN_MAX).map((c) => (CONTROL.test(c) || BIDI.test(c) || LONE_SURROGATE.test(c) ? `\\u${codePoint(c).slice(2).toLowerCase()}` : c)).join('');
  if (chars.length <= SHOWN_MAX) return `"${head}"`;
  return sayLength ? `"${head}…" (${chars.length} characters)` : `"${head}…"`;
}

/** The first control, bidirectional control or unpaired surrogate in `value`, as a sentence fragment, or undefined. */
export function badCharacterIn(value: string): string | undefined {
  const chars = [...value];
  const at = chars.findIndex((c) => CONTROL.test(c) || BIDI.test(c) || LONE_SURROGATE.test(c));
  if (at < 0) return undefined;
  const c = chars[at] ?? '';
  if (LONE_SURROGATE.test(c)) return `contains the unpaired surrogate ${codePoint(c)} at character ${at + 1} (the bytes sent are not valid UTF-8)`;
  const kind = BIDI.test(c) ? 'the bidirectional control' : 'the control character';
  return `contains ${kind} ${codePoint(c)} at character ${at + 1}`;
}

/**
 * A string of at most `max` characters (code points) without controls or bidirectional controls;
 * `hint` says what a good value looks like. Empty passes: whether a field may be empty is the
 * caller's rule, and so is unset (null or undefined: proto3's default for a plain object).
 */
export function plainText(max: number, hint: string) {
  return z.string().nullish().superRefine((value, ctx) => {
    if (value === null || value === undefined) return;
    const length = [...value].length;
    if (length > max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is ${length} characters long, more than ${max} (${shown(value, false)}); ${hint}` });
      return;
    }
    const bad = badCharacterIn(value);
    if (bad) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${shown(value)} ${bad}; remove it (${hint})` });
  });
}
