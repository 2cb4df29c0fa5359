/**
 * Login text continued over several Login PDUs (the C bit) is held by the target until the last piece
 * arrives; it is bounded at 64 KiB (RFC 7143 §6.1 asks a target to take at least that much), so a
 * client that continues without end is refused (Reject, connection closed) instead of having the
 * target hold everything it sends until the login timeout (issue 22's hostile-input suite sent 16 MiB).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheTarget, type CacheTarget } from '../src/cache-target';
import { MAX_LOGIN_TEXT_BYTES } from '../src/iscsi/connection';
import { RawInitiator, type RawPdu } from './support/raw-initiator';

const IQN = 'iqn.2024-01.io.ferry:login-text';

/** A Login Request (operational stage) with `text`; `continued` sets the C bit and clears T. */
function loginPdu(text: Buffer, continued: boolean): Buffer {
  const bhs = Buffer.alloc(48);
  bhs[0] = 0x43;
  bhs[1] = continued ? 0x44 : 0x87;
  bhs.writeUIntBE(text.length, 5, 3);
  bhs[8] = 0x80;
  bhs.writeUInt32BE(1, 16);
  bhs.writeUInt32BE(1, 24);
  return Buffer.concat([bhs, text, Buffer.alloc(((text.length + 3) & ~3) - text.length)]);
}

/** `n` bytes of key=value entries the negotiator does not know (answered NotUnderstood), each under 8 KiB. */
function filler(n: number, tag: string): Buffer {
  const entry = `X-ferry-${tag}=${'v'.repeat(n - tag.length - 10)}\0`;
  return Buffer.from(entry);
}

async function answers(initiator: RawInitiator, count: number): Promise<RawPdu[]> {
  const out: RawPdu[] = [];
  for (let i = 0; i < count; i++) out.push(await initiator.next(5000));
  return out;
}

describe('login text over continued Login PDUs', () => {
  let dir: string;
  let target: CacheTarget;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-login-text-'));
    const image = join(dir, 'source.raw');
    await writeFile(image, Buffer.alloc(1 << 20));
    target = await startCacheTarget({
      host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), hydrate: false,
      targets: [{ name: IQN, auth: { kind: 'none' }, luns: [{ lun: 0, source: image }] }],
      allowNoAuth: { by: 'the login-text test logs in without CHAP' },
    });
  });

  afterAll(async () => {
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes 64 KiB of text over continued PDUs, then logs in', async () => {
    const initiator = await RawInitiator.connect(target.port);
    try {
      // 7 continued PDUs of 8,000 bytes (56,000) and a last one with the real keys: under 64 KiB in all.
      for (let i = 0; i < 7; i++) initiator.socket.write(loginPdu(filler(8000, `k${i}`), true));
      const keys = [`InitiatorName=iqn.2024-01.io.ferry:raw-initiator`, `TargetName=${IQN}`, 'SessionType=Normal', 'HeaderDigest=None', 'DataDigest=None'];
      initiator.socket.write(loginPdu(Buffer.from(keys.map((k) => `${k}\0`).join('')), false));
      const replies = await answers(initiator, 8);
      expect(replies.map((r) => r.opcode)).toEqual(Array(8).fill(0x23));
      const last = replies[7]!;
      expect(last.bhs.readUInt16BE(36)).toBe(0); // success
      expect(((last.bhs[1] as number) & 0x83) === 0x83).toBe(true); // transit to full feature
    } finally {
      initiator.destroy();
    }
  });

  it(`refuses text past ${MAX_LOGIN_TEXT_BYTES} bytes with a Reject and closes the connection, holding nothing`, async () => {
    const initiator = await RawInitiator.connect(target.port);
    const t0 = Date.now();
    // 2,048 continued PDUs of 8 KiB: 16 MiB, which the target held until the login timeout before.
    for (let i = 0; i < 2048 && !initiator.socket.destroyed; i++) initiator.socket.write(loginPdu(Buffer.alloc(8192, 0x61), true));
    const replies: RawPdu[] = [];
    for (;;) {
      try {
        replies.push(await initiator.next(5000));
      } catch {
        break; // closed
      }
    }
    const closedAfter = (await initiator.closed) - t0;
    console.log(`2,048 continued Login PDUs of 8 KiB: ${replies.length} answers (${replies.filter((r) => r.opcode === 0x3f).length} Reject), closed after ${closedAfter} ms`);
    expect(replies.map((r) => r.opcode)).toEqual([...Array(8).fill(0x23), 0x3f]); // 8 × 8 KiB = 64 KiB taken, the 9th PDU refused
    expect(closedAfter).toBeLessThan(3000);
  });
});
