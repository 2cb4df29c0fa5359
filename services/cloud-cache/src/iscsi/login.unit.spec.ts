import { chapResponse, decodeChapBinary } from './chap';
import { LoginNegotiator, LoginStatus, type TargetAuth } from './login';
import { DEFAULT_PREFERENCES } from './session-params';

const TARGET = 'iqn.2024-01.io.ferry:t';
const negotiator = (auth: TargetAuth): LoginNegotiator =>
  new LoginNegotiator({ authOf: (n) => (n === TARGET ? auth : undefined), discoveryAuth: { kind: 'none' }, preferences: DEFAULT_PREFERENCES, randomBytes: (n) => Buffer.alloc(n, 7) });
const identity: Array<[string, string]> = [['InitiatorName', 'iqn.i'], ['TargetName', TARGET]];

describe('LoginNegotiator', () => {
  it('given mutual CHAP, when the initiator answers right, then it proves the target and moves on', () => {
    const n = negotiator({ kind: 'chap', user: 'u', secret: 's', mutual: { user: 'tu', secret: 'ts' } });
    expect(n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [...identity, ['AuthMethod', 'CHAP,None']] }).keys).toContainEqual(['AuthMethod', 'CHAP']);
    const challenge = new Map(n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [['CHAP_A', '5']] }).keys);
    const id = Number(challenge.get('CHAP_I'));
    const c = decodeChapBinary(challenge.get('CHAP_C') as string) as Buffer;
    const mine = Buffer.alloc(16, 9);
    const reply = n.step({
      transit: true, csg: 0, nsg: 1, versionMin: 0,
      keys: [['CHAP_N', 'u'], ['CHAP_R', `0x${chapResponse(id, 's', c).toString('hex')}`], ['CHAP_I', '3'], ['CHAP_C', `0x${mine.toString('hex')}`]],
    });
    expect(reply.status).toBe(LoginStatus.Success);
    expect(reply.transit).toBe(true);
    expect(new Map(reply.keys).get('CHAP_R')).toBe(`0x${chapResponse(3, 'ts', mine).toString('hex')}`);
  });

  it('given CHAP, when the response is wrong, then authentication fails', () => {
    const n = negotiator({ kind: 'chap', user: 'u', secret: 's' });
    n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [...identity, ['AuthMethod', 'CHAP']] });
    n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [['CHAP_A', '5']] });
    expect(n.step({ transit: true, csg: 0, nsg: 1, versionMin: 0, keys: [['CHAP_N', 'u'], ['CHAP_R', '0x00']] }).status).toBe(LoginStatus.AuthenticationFailure);
  });

  it('negotiates operational keys by their result functions and completes login', () => {
    const n = negotiator({ kind: 'none' });
    const reply = n.step({
      transit: true, csg: 1, nsg: 3, versionMin: 0,
      keys: [...identity, ['HeaderDigest', 'CRC32C,None'], ['MaxBurstLength', '16776192'], ['InitialR2T', 'No'], ['ImmediateData', 'Yes'], ['X-foo', 'bar']],
    });
    expect(reply.complete).toBe(true);
    expect(reply.keys).toEqual(expect.arrayContaining([['HeaderDigest', 'CRC32C'], ['MaxBurstLength', '1048576'], ['InitialR2T', 'No'], ['ImmediateData', 'Yes'], ['X-foo', 'NotUnderstood']]));
    expect(n.params.headerDigest).toBe(true);
  });

  it('refuses an unknown target', () => {
    expect(negotiator({ kind: 'none' }).step({ transit: true, csg: 0, nsg: 1, versionMin: 0, keys: [['InitiatorName', 'i'], ['TargetName', 'iqn.x:none']] }).status).toBe(LoginStatus.NotFound);
  });
});
