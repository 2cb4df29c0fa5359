import { ferry } from '@ferry/proto';
import { grpcClient, grpcServiceDefinition, pause as sleep } from '@ferry/service-kit';
import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import { GrpcTransferControl } from './grpc-transfer-control';
import { TransferWatchClient } from './transfer-watch-client';

const pb = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

// An older prem-manager cannot be started here; a Shipper server with GetTransfer alone stands in for one.
describe('TransferWatchClient against a prem-manager that predates WatchTransfers', () => {
  it('hears UNIMPLEMENTED once, says so, and never opens the call again', async () => {
    // A Shipper server with GetTransfer only, as a prem-manager before WatchTransfers serves it.
    const server = new Server();
    server.addService(grpcServiceDefinition('ferry.dataplane.v1.Shipper'), {
      GetTransfer: (_call: unknown, callback: (e: null, v: Status) => void) => callback(null, pb.TransferStatus.create({ state: pb.TransferState.TRANSFER_STATE_RUNNING })),
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    const old = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${port}`, { credentials: credentials.createInsecure() });
    const lines: string[] = [];
    let clock = 0;
    const watch = new TransferWatchClient(old, 100, (line) => lines.push(line), () => clock);
    try {
      expect(watch.statusOf({ migrationId: 'm', diskId: 'd', generation: 1 })).toBeUndefined();
      for (let i = 0; i < 50 && lines.length === 0; i++) await sleep(20);
      expect(lines).toEqual([expect.stringMatching(/prem-manager has no WatchTransfers .*followed with GetTransfer/)]);
      clock += 60_000; // long past the retry delay
      expect(watch.statusOf({ migrationId: 'm', diskId: 'd', generation: 1 })).toBeUndefined();
      expect(watch.following).toBe(false);
      await sleep(200);
      expect(lines).toHaveLength(1);
      // GrpcTransferControl then answers by GetTransfer, as before.
      const control = new GrpcTransferControl(old);
      await expect(control.status({ migrationId: 'm', diskId: 'd', generation: 1 })).resolves.toMatchObject({ state: pb.TransferState.TRANSFER_STATE_RUNNING });
      control.close();
    } finally {
      watch.close();
      old.close();
      server.forceShutdown();
    }
  });
});
