/**
 * What a pushed volume id may be: "<iSCSI name>/<lun>", as cloud-cache names a LUN it serves. The
 * name follows RFC 3720 §3.2.6 in the lower-case form RFC 3722 normalises to (`iqn.<yyyy-mm>.<reversed
 * domain>[:<anything>]`, `eui.<16 hex>`, `naa.<16 or 32 hex>`, at most 223 bytes), the LUN is a decimal
 * flat-space LUN (0-16383, SAM-5). The same rules as cloud-cache's volumes/iscsi-name.ts, kept here
 * because a service does not import another service's code.
 */
import { limitSetting, type AnalyzerLimits } from './intake-limits';

const IQN = /^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$/;
const EUI = /^eui\.[0-9a-f]{16}$/;
const NAA = /^naa\.([0-9a-f]{16}|[0-9a-f]{32})$/;
const LUN = /^(0|[1-9]\d{0,4})$/;
/** Longest iSCSI name in bytes (RFC 3720 §3.2.6.1). */
export const MAX_ISCSI_NAME_BYTES = 223;
/** Largest LUN of flat space addressing. */
export const MAX_LUN = 16383;

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that make a name read otherwise than it sorts.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** A value as it may be quoted in an answer: control characters escaped, cut to 80 characters. */
export function quote(value: string): string {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value.length > 80 ? `${shown} (${Buffer.byteLength(value)} bytes)` : shown;
}

/** Why `name` is not a lower-case iSCSI name, or undefined when it is one. */
export function iscsiNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_ISCSI_NAME_BYTES) return `is ${bytes} bytes; an iSCSI name has at most ${MAX_ISCSI_NAME_BYTES}`;
  if (name !== name.toLowerCase()) return 'has upper-case letters; iSCSI names are compared in lower case (RFC 3722), so send it in lower case';
  if (IQN.test(name) || EUI.test(name) || NAA.test(name)) return undefined;
  return 'is not an iSCSI name: use iqn.<yyyy-mm>.<reversed domain>[:<name>] with a-z, 0-9, ".", "-" and ":", or eui./naa. with hex digits (RFC 3720 §3.2.6)';
}

/** Why `id` is not a volume id within the length limit, or undefined when it is one. */
export function volumeIdProblem(id: string, limits: Pick<AnalyzerLimits, 'maxVolumeIdBytes'>): string | undefined {
  if (id === '') return 'is empty; send "<target IQN>/<lun>"';
  const bytes = Buffer.byteLength(id);
  if (bytes > limits.maxVolumeIdBytes) return `is ${bytes} bytes; a volume id has at most ${limits.maxVolumeIdBytes} (limit ${limitSetting(limits, 'maxVolumeIdBytes')})`;
  if (CONTROL.test(id)) return 'has a control or bidirectional-override character (NUL, newline, U+202E, …); a volume id is "<target IQN>/<lun>"';
  if (/[<>]/.test(id)) return 'has "<" or ">"; a volume id is "<target IQN>/<lun>" in a-z, 0-9, ".", "-", ":" and one "/"';
  if (id.split(/[/\\]/).some((segment) => segment === '..' || segment === '.')) return 'has a "." or ".." path segment; a volume id is "<target IQN>/<lun>", not a path';
  const slash = id.lastIndexOf('/');
  if (slash < 0) return 'has no "/<lun>"; a volume id is "<target IQN>/<lun>"';
  const name = id.slice(0, slash);
  const lun = id.slice(slash + 1);
  const nameProblem = iscsiNameProblem(name);
  if (nameProblem) return `names target ${quote(name)}, which ${nameProblem}`;
  if (!LUN.test(lun) || Number(lun) > MAX_LUN) return `ends in LUN ${quote(lun)}; a LUN is a decimal number from 0 to ${MAX_LUN} without leading zeros`;
  return undefined;
}
