import { ferry } from '@ferry/proto';
import { boundOfSentBytes } from './session-plan';

const { TransferMode } = ferry.dataplane.v1;
const MiB = 1 << 20;

describe('boundOfSentBytes: what a session may send, known before the receiver answers', () => {
  const isData = Uint8Array.from([1, 0, 1, 1, 0]);
  const job = { chunkSize: MiB, changedChunks: [] as number[], changedAreas: [] as Array<{ offset: number; length: number }> };

  it('a full copy: its data chunks', () => {
    expect(boundOfSentBytes({ ...job, mode: TransferMode.TRANSFER_MODE_FULL }, isData)).toBe(3 * MiB);
  });

  it('a changed-list delta: its whole changed chunks and its changed areas', () => {
    const delta = { ...job, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedChunks: [0, 2], changedAreas: [{ offset: 3 * MiB, length: 4096 }] };
    expect(boundOfSentBytes(delta, isData)).toBe(2 * MiB + 4096);
  });

  it('a hash-compared delta: unknown until the hashes are compared', () => {
    expect(boundOfSentBytes({ ...job, mode: TransferMode.TRANSFER_MODE_DELTA_HASHES }, isData)).toBeUndefined();
  });
});
