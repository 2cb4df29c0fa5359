// Request bodies a hostile or broken client sends to the integrator API (ferry.api.v1.Ferry), made from
// a seed so that a run can be repeated byte for byte: random bytes, valid requests with bytes flipped,
// cut, inserted or a length prefix changed, and large bodies (64–256 KiB) that still decode. Plus the
// raw unary call that puts such a body on the wire as it is, through a generic @grpc/grpc-js client.
import { Client, Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { grpcServiceDefinition } from '@ferry/service-kit';

export const KiB = 1024;
/** The largest body the fuzz loop sends. */
export const MAX_BODY = 256 * KiB;

/** A seeded generator (mulberry32): the same seed gives the same bodies. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 4) {
      const word = (this.next() * 4294967296) >>> 0;
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (word >>> (8 * k)) & 0xff;
    }
    return out;
  }
}

/** One RPC of ferry.api.v1.Ferry, as the descriptor declares it. */
export interface FerryRpc {
  readonly name: string;
  readonly path: string;
  readonly serverStream: boolean;
  /** The request as its protobuf encoding. */
  encode(request: object): Buffer;
}

/** Every RPC of ferry.api.v1.Ferry, from the descriptor (so an RPC added to the .proto is fuzzed too). */
export function ferryRpcs(): FerryRpc[] {
  return Object.entries(grpcServiceDefinition('ferry.api.v1.Ferry')).map(([name, m]) => ({
    name,
    path: m.path,
    serverStream: m.responseStream,
    encode: (request: object) => m.requestSerialize(request),
  }));
}

/** How each body of the fuzz loop was made, for the counts. */
export type BodyKind = 'random' | 'mutated' | 'large-random' | 'large-mutated' | 'large-valid';

/** Appends a varint. */
function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited field (wire type 2) with `payload`. */
export function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

/** One mutation of a valid body (it may stay valid, or become anything). */
export function mutate(rng: Rng, body: Buffer): Buffer {
  const b = Buffer.from(body);
  switch (rng.int(8)) {
    case 0: // flip a few bits
      for (let i = 0, n = rng.between(1, 4); i < n && b.length > 0; i++) b[rng.int(b.length)]! ^= 1 << rng.int(8);
      return b;
    case 1: // overwrite a byte with a "special" value
      if (b.length > 0) b[rng.int(b.length)] = rng.pick([0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x1a]);
      return b;
    case 2: // cut short
      return b.subarray(0, rng.int(b.length + 1));
    case 3: // insert random bytes
      return Buffer.concat([b.subarray(0, rng.int(b.length + 1)), rng.bytes(rng.between(1, 16)), b.subarray(rng.int(b.length + 1))]);
    case 4: // append an unknown field, or garbage
      return Buffer.concat([b, rng.chance(0.5) ? lengthDelimited(rng.between(20, 2000), rng.bytes(rng.between(0, 64))) : rng.bytes(rng.between(1, 32))]);
    case 5: // a length prefix that says more (or less) than there is
      for (let i = 0; i < b.length; i++) {
        if ((b[i]! & 7) === 2 && i + 1 < b.length) {
          b[i + 1] = rng.pick([0x00, 0x7f, 0xff, (b[i + 1]! + 1) & 0xff]);
          return b;
        }
      }
      return b;
    case 6: // the body twice (repeated fields grow, the last scalar wins)
      return Buffer.concat([b, b]);
    default: // a varint made as long as it may be (10 bytes of 0xff…)
      return Buffer.concat([b.subarray(0, rng.int(b.length + 1)), Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]);
  }
}

/** Valid requests of each RPC (by name) to mutate; an RPC without one gets `{}`. */
export type Templates = Readonly<Record<string, readonly object[]>>;

/**
 * A large body (64–256 KiB) for `rpc`: random bytes, a valid request with a mutation and a large unknown
 * field, or a valid encoding whose text or repeated fields are that large (it decodes, and the schema
 * refuses it, or the handler answers).
 */
export function largeBody(rng: Rng, rpc: FerryRpc, templates: Templates): { kind: BodyKind; body: Buffer } {
  const size = rng.between(64 * KiB, MAX_BODY);
  const template = rpc.encode(rng.pick(templates[rpc.name] ?? [{}]));
  switch (rng.int(3)) {
    case 0:
      return { kind: 'large-random', body: rng.bytes(size) };
    case 1: {
      // An unknown field that carries the bulk, then a mutation somewhere.
      const padded = Buffer.concat([template, lengthDelimited(rng.between(20, 500), rng.bytes(Math.max(0, size - template.length - 8)))]);
      return { kind: 'large-mutated', body: mutate(rng, padded).subarray(0, MAX_BODY) };
    }
    default: {
      // Still a valid encoding: field 1 (a string or a message in most requests) or field 2 (often repeated) made large, or the whole request repeated.
      const choice = rng.int(3);
      const bulk = Math.max(0, size - template.length - 8);
      if (choice === 0) return { kind: 'large-valid', body: Buffer.concat([template, lengthDelimited(1, Buffer.alloc(bulk, 0x61))]) };
      if (choice === 1) {
        const copies = Math.max(1, Math.floor(size / Math.max(1, template.length)));
        return { kind: 'large-valid', body: Buffer.concat(Array.from({ length: Math.min(copies, 20_000) }, () => template)) };
      }
      return { kind: 'large-valid', body: Buffer.concat([template, lengthDelimited(2, Buffer.alloc(bulk, 0x2e))]) };
    }
  }
}

/**
 * One body for `rpc`: a `largeShare` of them large (64–256 KiB); the others random bytes (0–4 KiB,
 * sometimes up to 64 KiB) or a valid request mutated one to three times.
 */
export function fuzzBody(rng: Rng, rpc: FerryRpc, templates: Templates, largeShare: number): { kind: BodyKind; body: Buffer } {
  if (rng.chance(largeShare)) return largeBody(rng, rpc, templates);
  if (rng.chance(0.4)) return { kind: 'random', body: rng.bytes(rng.chance(0.8) ? rng.int(4 * KiB) : rng.between(4 * KiB, 64 * KiB - 1)) };
  let body = rpc.encode(rng.pick(templates[rpc.name] ?? [{}]));
  for (let i = 0, n = rng.between(1, 3); i < n; i++) body = mutate(rng, body);
  return { kind: 'mutated', body };
}

/** What one raw call came back with. */
export interface RawAnswer {
  /** The gRPC status code (0 OK). */
  readonly code: number;
  readonly details: string;
  readonly ms: number;
}

const identity = (b: Buffer): Buffer => b;

/**
 * A generic client on a connection of its own (a local subchannel pool: no connection shared with another
 * client), over `channelCredentials` (TLS, with a bearer credential on every call or none).
 */
export function rawClient(address: string, channelCredentials: ChannelCredentials): Client {
  return new Client(address, channelCredentials, { 'grpc.use_local_subchannel_pool': 1 });
}

/** Sends `body` as the request of the unary `path` as it is (raw Buffer serializers), with `authorization` as that header when given. */
export function rawUnary(client: Client, path: string, body: Buffer, o: { deadlineMs: number; authorization?: string }): Promise<RawAnswer> {
  const metadata = new Metadata();
  if (o.authorization !== undefined) metadata.set('authorization', o.authorization);
  const started = performance.now();
  return new Promise((resolve) =>
    client.makeUnaryRequest(path, identity, identity, body, metadata, { deadline: Date.now() + o.deadlineMs }, (error: ServiceError | null) =>
      resolve({ code: error ? error.code : 0, details: error ? error.details : '', ms: performance.now() - started }),
    ),
  );
}

/** Opens a server stream with `body`, reads it for `forMs` at most and cancels it; resolves with its status (CANCELLED if still open). */
export function rawStream(client: Client, path: string, body: Buffer, o: { forMs: number }): Promise<RawAnswer> {
  const metadata = new Metadata();
  const started = performance.now();
  return new Promise((resolve) => {
    const call = client.makeServerStreamRequest(path, identity, identity, body, metadata, { deadline: Date.now() + o.forMs + 5000 });
    const timer = setTimeout(() => call.cancel(), o.forMs);
    call.on('data', () => undefined);
    call.on('error', () => undefined);
    call.on('status', (s: { code: number; details: string }) => {
      clearTimeout(timer);
      resolve({ code: s.code, details: s.details, ms: performance.now() - started });
    });
  });
}
