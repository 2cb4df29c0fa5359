import { context, propagation, trace, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { Metadata } from '@grpc/grpc-js';
import type { MsgHdrs } from 'nats';

// Carriers for the W3C headers (traceparent, tracestate, baggage) in NATS headers and gRPC metadata.
const natsSetter: TextMapSetter<MsgHdrs> = { set: (h, k, v) => h.set(k, v) };
const natsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (h) => (h ? h.keys() : []),
  get: (h, k) => (h?.has(k) ? h.get(k) : undefined),
};
const grpcSetter: TextMapSetter<Metadata> = { set: (m, k, v) => m.set(k, v) };
const grpcGetter: TextMapGetter<Metadata> = {
  keys: (m) => Object.keys(m.getMap()),
  get: (m, k) => {
    const values = m.get(k).map(String);
    return values.length ? values : undefined;
  },
};

/** Writes the active (or given) trace context into NATS headers. */
export function injectNatsHeaders(headers: MsgHdrs, ctx: Context = context.active()): MsgHdrs {
  propagation.inject(ctx, headers, natsSetter);
  return headers;
}

/** The trace context a NATS message carries (the active context when it carries none). */
export function extractNatsHeaders(headers: MsgHdrs | undefined, ctx: Context = context.active()): Context {
  return propagation.extract(ctx, headers, natsGetter);
}

/** Writes the active (or given) trace context into gRPC metadata. */
export function injectGrpcMetadata(metadata: Metadata, ctx: Context = context.active()): Metadata {
  propagation.inject(ctx, metadata, grpcSetter);
  return metadata;
}

/** The trace context carried in gRPC metadata. */
export function extractGrpcMetadata(metadata: Metadata, ctx: Context = context.active()): Context {
  return propagation.extract(ctx, metadata, grpcGetter);
}

/** The W3C traceparent of a context, for carriers without headers (the protobuf envelope). */
export function traceparentOf(ctx: Context = context.active()): { traceparent: string; tracestate: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { traceparent: carrier.traceparent ?? '', tracestate: carrier.tracestate ?? '' };
}

/** A context from a bare traceparent/tracestate pair. */
export function contextFromTraceparent(traceparent: string, tracestate = '', ctx: Context = context.active()): Context {
  if (!traceparent) return ctx;
  return propagation.extract(ctx, tracestate ? { traceparent, tracestate } : { traceparent });
}

/** The trace id of the active span, or '' when there is none. */
export function activeTraceId(ctx: Context = context.active()): string {
  const span = trace.getSpan(ctx);
  return span?.spanContext().traceId ?? '';
}

/**
 * A context inside the trace `traceId` (32 hex digits), for work that belongs to a trace recorded
 * earlier (a migration's steps in the trace of the call that planned it); '' or a malformed id: the
 * active context. The parent span id is new: the recorded trace keeps only its id.
 */
export function contextOfTrace(traceId: string, ctx: Context = context.active()): Context {
  if (!/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) return ctx;
  const spanId = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return contextFromTraceparent(`00-${traceId}-${spanId}-01`, '', ctx);
}

/** The active context (to hand to work that outlives the current call). */
export function activeContext(): Context {
  return context.active();
}

/** Runs `work` with `ctx` active (e.g. the trace context a raw gRPC handler extracted from its metadata). */
export function runInContext<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}
