/**
 * iSCSI names (RFC 3720 §3.2.6, RFC 3722): `iqn.<yyyy-mm>.<reversed domain>[:<anything>]`,
 * `eui.<16 hex>` or `naa.<16 or 32 hex>`, at most 223 bytes. Names are compared after folding to
 * lowercase, so a command-made target must already be lowercase: two volumes can never differ in case only.
 */

const IQN = /^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$/;
const EUI = /^eui\.[0-9a-f]{16}$/;
const NAA = /^naa\.([0-9a-f]{16}|[0-9a-f]{32})$/;
const MAX_BYTES = 223;

/** Why `name` is not an iSCSI name, or undefined when it is one. */
export function iscsiNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (Buffer.byteLength(name) > MAX_BYTES) return `is ${Buffer.byteLength(name)} bytes; an iSCSI name has at most ${MAX_BYTES}`;
  if (name !== name.toLowerCase()) return 'has upper-case letters; iSCSI names are compared in lower case (RFC 3722), so write it in lower case';
  if (IQN.test(name) || EUI.test(name) || NAA.test(name)) return undefined;
  return 'is not an iSCSI name: use iqn.<yyyy-mm>.<reversed domain>[:<name>] with a-z, 0-9, ".", "-" and ":" (RFC 3720 §3.2.6)';
}
