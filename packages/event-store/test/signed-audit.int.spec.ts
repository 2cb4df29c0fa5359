// Signed batches and the signed checkpoint against a real nats-server and a real site CA (openssl):
// a forged, well-chained batch, a batch signed by a key another CA certified, a rotated key, a
// distrusted key and a deleted tail are each named by verifyAudit.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsSession, type NatsSession } from '@ferry/testing';
import { AUDIT_CHECKPOINT_FILE, DISTRUSTED_SIGNERS_FILE, JetStreamEventStore, openEventSigner, readCheckpoint, siteAuditSignatures, verifyAudit, type EventSigner } from '../src';
import { command, event, openStoreFixture, type StoreFixture } from './helpers';
import { copyStream, forgeWithPrevHash, publishRaw } from './tamper';

jest.setTimeout(60_000);

const tally = { aggregate: 'tally', id: 'signed' };
const brief = (report: Awaited<ReturnType<typeof verifyAudit>>) => report.findings.map((f) => [f.kind, f.sequence, f.eventIndex, f.detail]);

describe('signed audit (real nats-server, real site CA)', () => {
  let dir: string;
  let caDir: string;
  let fx: StoreFixture;
  let signer: EventSigner;
  let store: JetStreamEventStore;
  const checkpointOf = (stateDir: string): string => join(stateDir, AUDIT_CHECKPOINT_FILE);
  const signatures = () => siteAuditSignatures(caDir, [checkpointOf(join(dir, 'appliance-state'))]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-signed-audit-'));
    caDir = join(dir, 'site-ca');
    fx = await openStoreFixture();
    signer = await openEventSigner({ caDir, stateDir: join(dir, 'appliance-state'), name: 'appliance' });
    store = await JetStreamEventStore.open(fx.connection, { signer });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given batches appended through a signing store, when verified against the site CA, then it is intact and names the signer', async () => {
    let version = 0;
    for (let i = 0; i < 3; i++) version = (await store.append(tally, [event('AmountAdded', { amount: i })], command(version))).version;
    await signer.flush();
    const report = await verifyAudit(fx.connection, { signatures: await signatures() });
    expect(report).toMatchObject({ intact: true, messages: 3, signatures: { signers: [{ name: 'appliance', keyId: signer.keyId, batches: 3 }], checkpoints: 1 } });
    expect((await readCheckpoint(checkpointOf(join(dir, 'appliance-state'))))?.lastSequence).toBe(3);
  });

  it('given a well-chained batch written straight to the stream, when verified, then that event is named unsigned by sequence and subject', async () => {
    const head = (await store.load(tally)).events.at(-1)!;
    const forged = await publishRaw(fx.connection.jetstream(), 'ferry.evt.tally.signed', forgeWithPrevHash(tally, 'forged-1', head.hash), 'forged-1', head.sequence);
    const report = await verifyAudit(fx.connection, { signatures: await signatures() });
    expect(brief(report)).toEqual([['unsigned', forged, 0, 'AmountAdded (actor operator:mallory) is signed by no trusted key: the batch carries no signature']]);
    expect(report.findings[0]!.subject).toBe('ferry.evt.tally.signed');
    // Without the site's trust only hashes and chains are checked: the forgery passes, which is why verify takes --site-ca.
    expect((await verifyAudit(fx.connection)).intact).toBe(true);
  });

  it('given a batch signed by a key another CA certified, when verified, then it is named unsigned with the reason', async () => {
    const intruder = await openEventSigner({ caDir: join(dir, 'other-ca'), stateDir: join(dir, 'intruder-state'), name: 'appliance' });
    const intruderStore = await JetStreamEventStore.open(fx.connection, { signer: intruder });
    const { version } = await intruderStore.append({ aggregate: 'tally', id: 'intruder' }, [event('AmountAdded', { amount: 7 })], command(0));
    const report = await verifyAudit(fx.connection, { signatures: await signatures() });
    expect(report.findings.filter((f) => f.sequence === version).map((f) => [f.kind, f.detail])).toEqual([
      ['unsigned', expect.stringMatching(/signed by no trusted key: certificate of appliance \(issuer .*\) is not issued by a trusted site CA/)],
    ]);
  });

  it('given a rotated key, when verified, then both keys\' batches count, until the old key is distrusted', async () => {
    const rotated = await openEventSigner({ caDir, stateDir: join(dir, 'appliance-state-2'), name: 'appliance' });
    expect(rotated.keyId).not.toBe(signer.keyId);
    const rotatedStore = await JetStreamEventStore.open(fx.connection, { signer: rotated });
    const { version } = await rotatedStore.append({ aggregate: 'tally', id: 'rotated' }, [event('AmountAdded', { amount: 1 })], command(0));
    const before = await verifyAudit(fx.connection, { signatures: await signatures() });
    expect(before.findings.some((f) => f.sequence === version)).toBe(false);
    expect(before.signatures?.signers.map((s) => [s.keyId, s.batches])).toEqual([[signer.keyId, 3], [rotated.keyId, 1]]);

    await appendFile(join(caDir, DISTRUSTED_SIGNERS_FILE), `# leaked on purpose by this test\n${signer.keyId}\n`);
    try {
      const after = await verifyAudit(fx.connection, { signatures: await signatures() });
      const distrusted = after.findings.filter((f) => f.eventIndex >= 0 && f.detail.includes(`key ${signer.keyId} of appliance is distrusted`));
      expect(distrusted.map((f) => f.sequence)).toEqual([1, 2, 3]);
      // The checkpoint the distrusted key signed no longer counts either.
      expect(after.findings.some((f) => f.kind === 'unsigned' && f.detail.startsWith(`the checkpoint of key ${signer.keyId} is not trusted`))).toBe(true);
    } finally {
      await rm(join(caDir, DISTRUSTED_SIGNERS_FILE));
    }
  });

  it('given the stream without its last batches (an old copy put back), when verified against the checkpoint, then the deleted tail is reported, and a tail written again over it', async () => {
    const copy: NatsSession = await startNatsSession();
    try {
      await JetStreamEventStore.open(copy.connection);
      await copyStream(store, copy.connection, (all) => all.filter((m) => m.seq <= 2));
      const report = await verifyAudit(copy.connection, { signatures: await signatures() });
      expect(brief(report)).toEqual([['missing', 3, -1, expect.stringMatching(/^deleted tail: appliance's signed checkpoint of .* records sequence 3, but the stream ends at 2; sequence 3 is gone$/)]]);

      // The appliance starting on the cut stream says so (its signer resumes from the checkpoint in its state dir).
      const warnings: string[] = [];
      const restarted = await openEventSigner({ caDir, stateDir: join(dir, 'appliance-state'), name: 'appliance' });
      await JetStreamEventStore.open(copy.connection, { signer: restarted, warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/^stream FERRY_EVENTS ends at sequence 2, but the signed checkpoint of appliance records sequence 3: the stream lost its tail/)]);

      // The same key writes on from the cut: sequence 3 holds a batch again, but not the one the checkpoint signed.
      const onCopy = await JetStreamEventStore.open(copy.connection, { signer });
      await onCopy.append(tally, [event('AmountAdded', { amount: 99 })], command(2));
      await signer.flush();
      const rewritten = await verifyAudit(copy.connection, { signatures: await signatures() });
      expect(brief(rewritten)).toEqual([['missing', 3, -1, expect.stringMatching(/^rewritten tail: appliance's signed checkpoint of .* records its batch at sequence 3, but that sequence now holds another batch/)]]);
    } finally {
      await copy.close();
    }
  });
});
