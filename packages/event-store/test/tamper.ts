// Ways to damage the history that bypass the event store, as an attacker or a bug would.
import { randomBytes } from 'node:crypto';
import { headers, type JetStreamClient, type JsMsg, type NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { sealBatch } from '../src/batch-codec';
import type { JetStreamEventStore, StreamRef } from '../src';

/** Publishes raw bytes straight to an aggregate's subject, with the expected-sequence header a careful forger would set. */
export async function publishRaw(js: JetStreamClient, subject: string, data: Uint8Array, commandId: string, expectedVersion: number): Promise<number> {
  const h = headers();
  h.set('Nats-Msg-Id', commandId);
  h.set('Nats-Expected-Last-Subject-Sequence', String(expectedVersion));
  h.set('Ferry-Batch-Format', '1');
  return (await js.publish(subject, data, { headers: h })).seq;
}

/** A well-formed event whose own hash is right but whose prev hash is the given bytes. */
export function forgeWithPrevHash(ref: StreamRef, commandId: string, prevHash: Uint8Array): Uint8Array {
  const options = { expectedVersion: 0, commandId, actor: 'operator:mallory', traceId: 'forged' };
  return sealBatch(ref, [{ type: 'AmountAdded', payload: Buffer.from('{"amount":1000}') }], options, prevHash, new Date()).bytes;
}

/** A correctly chained event whose payload bytes were changed after its hash was taken. */
export function forgeWithAlteredPayload(ref: StreamRef, commandId: string, prevHash: Uint8Array): Uint8Array {
  const options = { expectedVersion: 0, commandId, actor: 'operator:mallory', traceId: 'forged' };
  const sealed = sealBatch(ref, [{ type: 'AmountAdded', payload: Buffer.from('{"amount":1}') }], options, prevHash, new Date());
  const batch = ferry.eventstore.v1.EventBatch.decode(sealed.bytes);
  batch.events[0]!.payload = Buffer.from('{"amount":9}');
  return ferry.eventstore.v1.EventBatch.encode(batch).finish();
}

export function randomHash(): Uint8Array {
  return randomBytes(32);
}

/**
 * Copies every message of the source store into another server's FERRY_EVENTS in the given order
 * (omitting or reordering some), keeping subjects, bodies, Nats-Msg-Id and signatures: how a removed or
 * reordered event looks, since the real stream denies delete.
 */
export async function copyStream(source: JetStreamEventStore, target: NatsConnection, pick: (all: JsMsg[]) => JsMsg[]): Promise<void> {
  const all: JsMsg[] = [];
  const js = source.connection.jetstream();
  const consumer = await js.consumers.get(source.options.streamName, { filterSubjects: `${source.options.subjectPrefix}.>` });
  const last = await source.lastSequence();
  const messages = await consumer.consume();
  for await (const message of messages) {
    all.push(message);
    if (message.seq >= last) break;
  }
  await messages.close();
  const targetJs = target.jetstream();
  for (const message of pick(all)) {
    const h = headers();
    for (const name of ['Nats-Msg-Id', 'Ferry-Batch-Format', 'Ferry-Signer', 'Ferry-Signature', 'Ferry-Signer-Certificate']) {
      const value = message.headers?.get(name);
      if (value) h.set(name, value);
    }
    await targetJs.publish(message.subject, message.data, { headers: h });
  }
}
