import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { TlsMaterial } from './site-ca';

/** Server side of mutual TLS: a client without a certificate from the site CA is refused in the handshake. */
export function mutualTlsServer(tls: TlsMaterial): ServerCredentials {
  return ServerCredentials.createSsl(tls.ca, [{ private_key: tls.key, cert_chain: tls.cert }], true);
}

/** Client side of mutual TLS: presents this service's certificate and trusts only the site CA. */
export function mutualTlsClient(tls: TlsMaterial): ChannelCredentials {
  return credentials.createSsl(tls.ca, tls.key, tls.cert);
}

/** Channel options for the data plane: large messages (hash lists), keepalive to notice a dead peer. */
export const DATA_PLANE_CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
} as const;

/** Converts a protobufjs uint64 (number or Long) to a number; disk offsets stay below 2^53. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
