// Stands in for the appliance's analyzer intake in cloud-cache's tests: HTTPS with a certificate from
// the site CA in `caDir` and a client certificate from that CA required, as the real intake has.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueLeaf } from '@ferry/block-pipeline';

export interface IntakeStandIn {
  /** https://127.0.0.1:<port>/io-summaries */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0 = a free one); `onPush` answers each push with its whole body read. */
export async function startIntakeStandIn(caDir: string, onPush: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void, port = 0): Promise<IntakeStandIn> {
  const tls = await issueLeaf(caDir, 'appliance');
  const server: Server = createServer({ ca: tls.ca, cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => onPush(req, Buffer.concat(parts), res));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${bound}/io-summaries`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
