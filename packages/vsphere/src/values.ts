import { attr, elements, text, xsiType, type XNode } from './xml';

/** A managed object reference. */
export interface MoRef {
  type: string;
  value: string;
}

/**
 * A vim25 data object decoded generically: child elements by name (repeated ones as arrays),
 * `$type` from xsi:type, managed object references as MoRef. Consumers read it with `arr`,
 * `str`, `num`, `bool`, `ref` so one and many, absent and present are handled alike.
 */
export type Plain = string | MoRef | PlainObject | Plain[];
/** A decoded data object. */
export interface PlainObject {
  $type?: string;
  [name: string]: Plain | undefined;
}

/** Decodes a response node into a Plain value. */
export function decode(node: XNode): Plain {
  if (typeof node === 'string') return node;
  const kids = elements(node);
  const refType = attr(node, 'type');
  if (kids.length === 0) {
    if (refType !== undefined) return { type: refType, value: text(node) };
    return text(node);
  }
  const out: PlainObject = {};
  const type = xsiType(node);
  if (type) out.$type = type;
  for (const [name, kid] of kids) {
    const value = decode(kid);
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

/** True for a MoRef value. */
export function isRef(v: Plain | undefined): v is MoRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as MoRef).type === 'string' && typeof (v as MoRef).value === 'string' && Object.keys(v).length === 2;
}

/** The value as a list (absent = [], one = [one]). */
export function arr(v: Plain | undefined): Plain[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The value as a data object, or undefined. */
export function obj(v: Plain | undefined): PlainObject | undefined {
  return typeof v === 'object' && !Array.isArray(v) && !isRef(v) ? v : undefined;
}

/** Text of a leaf value, or undefined. */
export function str(v: Plain | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (isRef(v)) return v.value;
  return undefined;
}

/** A numeric leaf value, or undefined. */
export function num(v: Plain | undefined): number | undefined {
  const s = str(v);
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean leaf value, or undefined. */
export function bool(v: Plain | undefined): boolean | undefined {
  const s = str(v);
  return s === undefined ? undefined : s === 'true' || s === '1';
}

/** A managed object reference value, or undefined. */
export function ref(v: Plain | undefined): MoRef | undefined {
  return isRef(v) ? v : undefined;
}

/** Follows a dotted path through nested objects: at(vm, 'config.hardware.numCPU'). */
export function at(v: Plain | undefined, path: string): Plain | undefined {
  let cur: Plain | undefined = v;
  for (const part of path.split('.')) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[part];
  }
  return cur;
}
