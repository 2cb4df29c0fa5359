import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * XML in and out of vim25. Requests are built as object trees and serialised by fast-xml-parser's
 * builder, which escapes every text and attribute value; nothing is concatenated by hand.
 * Responses are parsed with every element as an array, so one and many look the same.
 */

/** A request value: text, a nested element, or repeated elements. Attributes are keys starting with `@_`. */
export type XmlValue = string | number | boolean | XmlElement | XmlValue[];
/** An element of a request: its children in schema order (vim25 is strict about sequence order). */
export interface XmlElement {
  [name: string]: XmlValue | undefined;
}

/** A parsed response node: text, or an element whose children are arrays (attributes `@_name`, text `#text`). */
export type XNode = string | { [name: string]: XNode[] | string };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  suppressEmptyNode: false,
  processEntities: true,
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** A managed object reference as a request element: `<x type="VirtualMachine">vm-1</x>`. */
export function morXml(ref: { type: string; value: string }): XmlElement {
  return { '@_type': ref.type, '#text': ref.value };
}

/** A polymorphic value with its xsi:type, e.g. typed('VirtualDisk', {...}). */
export function typed(xsiType: string, element: XmlElement): XmlElement {
  return { '@_xsi:type': xsiType, ...element };
}

/** The SOAP envelope for one vim25 method call. */
export function soapEnvelope(method: string, params: XmlElement): string {
  const body = {
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'soapenv:Body': { [method]: { '@_xmlns': 'urn:vim25', ...withoutUndefined(params) } },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(body) as string}`;
}

function withoutUndefined(element: XmlElement): XmlElement {
  const out: XmlElement = {};
  for (const [key, value] of Object.entries(element)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value.map((v) => (isElement(v) ? withoutUndefined(v) : v)) : isElement(value) ? withoutUndefined(value) : value;
  }
  return out;
}

function isElement(value: XmlValue): value is XmlElement {
  return typeof value === 'object' && !Array.isArray(value);
}

/** Parses a whole response document. */
export function parseXml(text: string): XNode {
  return parser.parse(text) as XNode;
}

function localName(key: string): string {
  const i = key.indexOf(':');
  return i >= 0 ? key.slice(i + 1) : key;
}

/** All children with the given local name (namespace prefix ignored). */
export function children(node: XNode | undefined, name: string): XNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const out: XNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text' || typeof value === 'string') continue;
    if (localName(key) === name) out.push(...value);
  }
  return out;
}

/** The first child with the given local name. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return children(node, name)[0];
}

/** Text content of a node ('' when none). */
export function text(node: XNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : Array.isArray(t) ? String(t[0] ?? '') : '';
}

/** A plain (non-namespaced) attribute. */
export function attr(node: XNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** The xsi:type of a node, whatever prefix the server chose for the XML Schema instance namespace. */
export function xsiType(node: XNode | undefined): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') && key.endsWith(':type') && typeof value === 'string') return localName(value);
  }
  return undefined;
}

/** Element children as [localName, node] pairs, in document order per name. */
export function elements(node: XNode | undefined): Array<[string, XNode]> {
  if (node === undefined || typeof node === 'string') return [];
  const out: Array<[string, XNode]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text' || typeof value === 'string') continue;
    for (const v of value) out.push([localName(key), v]);
  }
  return out;
}
