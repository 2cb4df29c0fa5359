import type { Http2Session } from 'node:http2';
import { credentials, ServerCredentials, type ChannelCredentials, type Server } from '@grpc/grpc-js';
import type { TlsMaterial } from './site-ca';

/** Server side of mutual TLS: a client without a certificate from the site CA is refused in the handshake. */
export function mutualTlsServer(tls: TlsMaterial): ServerCredentials {
  return ServerCredentials.createSsl(tls.ca, [{ private_key: tls.key, cert_chain: tls.cert }], true);
}

/** Client side of mutual TLS: presents this service's certificate and trusts only the site CA. */
export function mutualTlsClient(tls: TlsMaterial): ChannelCredentials {
  return credentials.createSsl(tls.ca, tls.key, tls.cert);
}

/** HTTP/2 flow-control window of data-plane connections and streams. */
export const FLOW_WINDOW_BYTES = 4 * 1024 * 1024;

/** Channel options for the data plane: large messages (hash lists), keepalive to notice a dead peer. */
export const DATA_PLANE_CHANNEL_OPTIONS = {
  // HTTP/2 starts with 64 KiB windows: a 1 MiB chunk would need 16 window round trips. 4 MiB
  // windows keep a few chunks in flight per stream while bounding what each hop buffers.
  'grpc-node.flow_control_window': FLOW_WINDOW_BYTES,
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

/** The private field of @grpc/grpc-js 1.14's Server that holds its Node HTTP/2 servers. */
interface WithHttp2Servers {
  http2Servers?: Map<{ on(event: 'session', listener: (session: Http2Session) => void): void }, unknown>;
}

/**
 * grpc-js lets clients choose their receive window but not servers, so a server receiving bulk data
 * (the chunk receiver) would be stuck with 64 KiB windows. After bind, widen the connection window
 * and announce a larger initial stream window on every new session. Uses grpc-js's private
 * `http2Servers` (version pinned); without it the server still works, only slower.
 */
export function widenServerWindows(server: Server, bytes = FLOW_WINDOW_BYTES): void {
  const servers = (server as unknown as WithHttp2Servers).http2Servers;
  for (const http2Server of servers?.keys() ?? []) {
    http2Server.on('session', (session) => {
      session.settings({ initialWindowSize: bytes });
      session.setLocalWindowSize(bytes);
    });
  }
}
