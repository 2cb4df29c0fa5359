import type { TLSSocket } from 'node:tls';
import { refusedHandshakeLogger } from './intake-tls';

const socket = (remoteAddress: string | undefined, extra: Record<string, unknown> = {}): TLSSocket => ({ remoteAddress, remotePort: remoteAddress ? 40000 : undefined, ...extra }) as unknown as TLSSocket;
const httpError = Object.assign(new Error('http request'), { code: 'ERR_SSL_HTTP_REQUEST' });

describe('refused handshakes of the analyzer intake', () => {
  it('names the peer and why, for plain HTTP, no certificate and a certificate of another CA', () => {
    const lines: string[] = [];
    const refused = refusedHandshakeLogger((l) => lines.push(l), () => 0);
    refused(httpError, socket('10.0.0.1'));
    refused(new Error('peer did not return a certificate'), socket('10.0.0.2'));
    // Node drops a socket whose certificate fails its check: the address is left only on the TCP socket under it.
    refused(new Error('socket hang up'), socket(undefined, { authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', _parent: { remoteAddress: '10.0.0.3', remotePort: 5555 } }));
    expect(lines).toEqual([
      expect.stringMatching(/from 10\.0\.0\.1:40000 .*: it spoke plain HTTP; push to https:\/\//),
      expect.stringMatching(/from 10\.0\.0\.2:40000 .*: it sent no client certificate/),
      expect.stringMatching(/from 10\.0\.0\.3:5555 .*: its certificate was not issued by the site CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/),
    ]);
  });

  it('logs a flood from one address once a minute, with how many were refused meanwhile', () => {
    const lines: string[] = [];
    let now = 0;
    const refused = refusedHandshakeLogger((l) => lines.push(l), () => now);
    for (let i = 0; i < 500; i++) refused(httpError, socket('10.0.0.9'));
    refused(httpError, socket('10.0.0.8'));
    now = 60_000;
    refused(httpError, socket('10.0.0.9'));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/from 10\.0\.0\.9:40000 .*\(and 499 more refused from 10\.0\.0\.9 since the last line\)$/);
  });
});
