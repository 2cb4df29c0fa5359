/**
 * A compromised cloud-manager for integration tests: a real LaneDialer dialled into the cache's feed
 * with cloud-manager's certificate, answering each demand request from a local source buffer sealed
 * exactly as prem seals it (site key of the same CA dir, generation 0), except where its `tamper`
 * policy sends something else. Plus the cache volume + iSCSI target the guest (qemu) reads through.
 */
import { chunkRange, encodeChunkMessage, ensureSiteKey, issueLeaf, mutualTlsClient, newDataKey, SenderSession, wrapDataKey, type ChunkFrame } from '@ferry/block-pipeline';
import { LaneDialer } from '@ferry/demand-lane';
import { CacheVolume } from '../../src/cache/cache-volume';
import type { Feed } from '../../src/feed/start-feed';
import type { IscsiTarget } from '../../src/iscsi/portal-context';
import { unitIdentityOf } from '../../src/scsi/block-device';
import { LogicalUnit } from '../../src/scsi/logical-unit';

/** One answer about to be sent: `fresh` is the correctly sealed frame; `earlier` those sent before for the index. */
export interface Answer {
  index: number;
  /** 1 for the first time this peer is asked for the chunk, 2 for the next, … */
  attempt: number;
  fresh: ChunkFrame;
  earlier: readonly ChunkFrame[];
}

/** What the peer sends instead of `fresh` (return `fresh` to answer honestly). */
export type Tamper = (answer: Answer) => ChunkFrame;

export interface HostilePeer {
  /** The policy of the next answers; honest until set. */
  tamper: Tamper;
  /** How many times chunk `index` was asked for. */
  asks(index: number): number;
  close(): Promise<void>;
}

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Dials `feed` as cloud-manager and serves `source` as migrationId/diskId; resolves once the lane is open. */
export async function dialHostilePeer(o: { caDir: string; feed: Feed; migrationId: string; diskId: string; source: Buffer; chunkSize: number }): Promise<HostilePeer> {
  const siteKey = await ensureSiteKey(o.caDir);
  const dataKey = newDataKey();
  const wrappedDataKey = wrapDataKey(siteKey, dataKey, o.migrationId);
  const session = new SenderSession(dataKey, { migrationId: o.migrationId, diskId: o.diskId, generation: 0 });
  const sent = new Map<number, ChunkFrame[]>();
  const peer: HostilePeer = { tamper: (a) => a.fresh, asks: (index) => sent.get(index)?.length ?? 0, close: async () => undefined };
  const dialer = new LaneDialer({
    endpoint: `127.0.0.1:${o.feed.port}`,
    credentials: mutualTlsClient(await issueLeaf(o.caDir, 'cloud-manager')),
    peer: 'hostile cloud-manager (test)',
    answer: async (request, send) => {
      for (const index of request.indexes) {
        const range = chunkRange(index, o.source.length, o.chunkSize);
        const fresh = session.seal({ index, ...range, data: o.source.subarray(range.offset, range.offset + range.length) });
        const earlier = sent.get(index) ?? [];
        const frame = peer.tamper({ index, attempt: earlier.length + 1, fresh, earlier });
        sent.set(index, [...earlier, frame]);
        await send({ session: { ...session.params, wrappedDataKey }, sealed: encodeChunkMessage(frame) });
      }
    },
  }).start();
  const before = o.feed.lanes();
  await waitFor('the hostile lane is open', () => o.feed.lanes() > before);
  peer.close = async () => {
    await dialer.close();
    await waitFor('the hostile lane is closed', () => o.feed.lanes() === before);
  };
  return peer;
}

/**
 * A cache volume fed by `feed` from migrationId/diskId in a fresh directory, as LUN 0 of the iSCSI
 * target `iqn`. (Given to a portal at construction: IscsiPortal.addTarget is not committed yet.)
 */
export async function cacheTarget(o: { feed: Feed; dir: string; iqn: string; migrationId: string; diskId: string; size: number; chunkSize: number }): Promise<{ volume: CacheVolume; target: IscsiTarget }> {
  const name = `${o.iqn}/0`;
  const fetcher = o.feed.fetchers({ migrationId: o.migrationId, diskId: o.diskId, virtualSize: o.size, chunkSize: o.chunkSize });
  const volume = await CacheVolume.open({ name, dir: o.dir, fetcher, chunkSize: o.chunkSize });
  const lun = new LogicalUnit(volume, unitIdentityOf(o.iqn, name), () => [0]);
  return { volume, target: { name: o.iqn, auth: { kind: 'none' }, luns: new Map([[0, lun]]) } };
}
