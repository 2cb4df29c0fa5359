// Starts bench:api's peer (peer-server.ts) and hands it the replies to serve.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import type { PeerReady, PeerReplies } from './peer-server';

import api = ferry.api.v1;

/** A running peer process. */
export interface Peer {
  readonly address: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Forks the peer, which serves `listVms` and `migration` on a free loopback port until stop() or this process ends. */
export async function startPeer(listVms: api.ListVmsResponse, migration: api.Migration, tls: { cert: Buffer; key: Buffer }): Promise<Peer> {
  const child = fork(join(__dirname, 'peer-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const ready = new Promise<PeerReady>((resolve, reject) => {
      child.once('message', (message: PeerReady) => resolve(message));
      child.once('exit', (code) => reject(new Error(`the peer exited with ${code} before it listened`)));
    });
    const replies: PeerReplies = {
      listVms: Buffer.from(api.ListVmsResponse.encode(listVms).finish()).toString('base64'),
      migration: Buffer.from(api.Migration.encode(migration).finish()).toString('base64'),
      cert: tls.cert.toString('base64'),
      key: tls.key.toString('base64'),
    };
    child.send(replies);
    const { port } = await ready;
    return { address: `127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
