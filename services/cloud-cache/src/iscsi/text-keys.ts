/**
 * Text key=value pairs of Login and Text PDUs (RFC 7143 §6): NUL-terminated UTF-8 "key=value"
 * entries. Order is kept because negotiation answers keys in the order they were offered.
 */
import { ValidationError } from '@ferry/errors';

/** Parsed text keys, in the order received. */
export type TextKeys = Array<[string, string]>;

/** Parses a data segment of key=value entries; a malformed entry is a ValidationError. */
export function parseTextKeys(data: Buffer): TextKeys {
  const pairs: TextKeys = [];
  for (const entry of data.toString('utf8').split('\0')) {
    if (entry.length === 0) continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new ValidationError('text key', `entry "${entry.slice(0, 64)}" has no key=value form; the initiator sent a malformed Login/Text PDU`);
    pairs.push([entry.slice(0, eq), entry.slice(eq + 1)]);
  }
  return pairs;
}

/** Serialises keys as NUL-terminated entries. */
export function encodeTextKeys(pairs: TextKeys): Buffer {
  return Buffer.from(pairs.map(([k, v]) => `${k}=${v}\0`).join(''), 'utf8');
}
