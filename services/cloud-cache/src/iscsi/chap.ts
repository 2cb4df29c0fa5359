/**
 * CHAP with MD5 (RFC 1994, as iSCSI uses it in RFC 7143 §12.1.3): response = MD5(id ‖ secret ‖ challenge).
 * Values travel as 0x-hex or 0b-base64 strings.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** MD5 CHAP algorithm number, the only one we offer (CHAP_A=5). */
export const CHAP_MD5 = 5;

/** The expected CHAP response for an identifier, secret and challenge. */
export function chapResponse(identifier: number, secret: string, challenge: Buffer): Buffer {
  return createHash('md5').update(Buffer.from([identifier & 0xff])).update(secret, 'utf8').update(challenge).digest();
}

/** Decodes a CHAP binary value ("0x…" hex or "0b…" base64); undefined when malformed. */
export function decodeChapBinary(value: string): Buffer | undefined {
  const prefix = value.slice(0, 2).toLowerCase();
  const body = value.slice(2);
  if (prefix === '0x' && /^[0-9a-fA-F]+$/.test(body)) return Buffer.from(body.length % 2 ? `0${body}` : body, 'hex');
  if (prefix === '0b' && /^[A-Za-z0-9+/]+=*$/.test(body)) return Buffer.from(body, 'base64');
  return undefined;
}

export const encodeChapBinary = (value: Buffer): string => `0x${value.toString('hex')}`;

/** Constant-time comparison of two CHAP responses. */
export function chapMatches(expected: Buffer, received: Buffer | undefined): boolean {
  return received !== undefined && received.length === expected.length && timingSafeEqual(expected, received);
}
