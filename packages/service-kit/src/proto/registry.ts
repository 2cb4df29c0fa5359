import * as generated from '@ferry/proto';
import { ValidationError } from '@ferry/errors';

/** A generated protobufjs message class (static module): what we need to encode and decode it. */
export interface MessageType<T = unknown> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
  fromObject(object: Record<string, unknown>): T;
  toObject(message: T, options?: Record<string, unknown>): Record<string, unknown>;
  getTypeUrl(prefix?: string): string;
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'function' && 'decode' in value && 'encode' in value && 'getTypeUrl' in value;
}

/** The generated class of a fully qualified protobuf type name, e.g. "ferry.common.v1.Ping". */
export function lookupType<T = unknown>(typeName: string): MessageType<T> {
  let node: unknown = generated;
  for (const part of typeName.split('.')) {
    node = node !== null && (typeof node === 'object' || typeof node === 'function') ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (!isMessageType(node)) {
    throw new ValidationError(
      'type_name',
      `"${typeName}" is not a message in @ferry/proto; use a fully qualified name from proto/ (e.g. "ferry.common.v1.Ping") and run npm run gen:proto after editing a .proto`,
    );
  }
  return node as MessageType<T>;
}

/** The fully qualified type name of a generated message instance. */
export function typeNameOf(message: unknown): string {
  const ctor = message !== null && typeof message === 'object' ? (message as { constructor?: unknown }).constructor : undefined;
  if (!isMessageType(ctor)) {
    throw new ValidationError(
      'message',
      `expected an instance of a generated protobuf class (e.g. ferry.common.v1.Pong.create({...})), got ${describe(message)}`,
    );
  }
  return ctor.getTypeUrl('').replace(/^\//, '');
}

/** Encodes a generated message instance; returns its type name and bytes. */
export function encodeMessage(message: unknown): { typeName: string; bytes: Uint8Array } {
  const typeName = typeNameOf(message);
  return { typeName, bytes: lookupType(typeName).encode(message).finish() };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `a plain ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
