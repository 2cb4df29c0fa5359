import { chapResponse, decodeChapBinary } from './chap';
import { describeStatus, LoginNegotiator, LoginStatus, type TargetAuth } from './login';
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

  it('given an allow list, when an unlisted initiator logs in, then it is refused with 0x0202 before any CHAP challenge, naming the initiator', () => {
    const n = negotiator({ kind: 'chap', user: 'u', secret: 's', initiators: ['iqn.2024-01.io.ferry:host-a'] });
    const reply = n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [['InitiatorName', 'iqn.2024-01.io.ferry:intruder'], ['TargetName', TARGET], ['AuthMethod', 'CHAP']] });
    expect(reply.status).toBe(LoginStatus.AuthorizationFailure);
    expect(reply.keys).toEqual([]);
    expect(n.refusal).toBe(`initiator "iqn.2024-01.io.ferry:intruder" is not on the initiator allow list of target "${TARGET}"`);
  });

  it('given an allow list, when a listed initiator logs in (in any case), then CHAP goes on', () => {
    const n = negotiator({ kind: 'chap', user: 'u', secret: 's', initiators: ['iqn.2024-01.io.ferry:host-a'] });
    const reply = n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [['InitiatorName', 'iqn.2024-01.io.FERRY:Host-A'], ['TargetName', TARGET], ['AuthMethod', 'CHAP']] });
    expect(reply.status).toBe(LoginStatus.Success);
    expect(reply.keys).toContainEqual(['AuthMethod', 'CHAP']);
  });

  it('given CHAP, when the initiator offers only None or skips security, then 0x0201 with the reason', () => {
    const offersNone = negotiator({ kind: 'chap', user: 'u', secret: 's' });
    expect(offersNone.step({ transit: true, csg: 0, nsg: 1, versionMin: 0, keys: [...identity, ['AuthMethod', 'None']] }).status).toBe(LoginStatus.AuthenticationFailure);
    expect(offersNone.refusal).toBe('it offered AuthMethod="None" and the target requires CHAP');
    const skips = negotiator({ kind: 'chap', user: 'u', secret: 's' });
    expect(skips.step({ transit: true, csg: 1, nsg: 3, versionMin: 0, keys: identity }).status).toBe(LoginStatus.AuthenticationFailure);
    expect(skips.refusal).toBe('it skipped security negotiation (no CHAP) and the target requires CHAP');
  });

  it('given CHAP, when the response is wrong, then the reason names the user and not the secret', () => {
    const n = negotiator({ kind: 'chap', user: 'u', secret: 'the-secret-1234' });
    n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [...identity, ['AuthMethod', 'CHAP']] });
    n.step({ transit: false, csg: 0, nsg: 0, versionMin: 0, keys: [['CHAP_A', '5']] });
    expect(n.step({ transit: true, csg: 0, nsg: 1, versionMin: 0, keys: [['CHAP_N', 'u'], ['CHAP_R', '0x00']] }).status).toBe(LoginStatus.AuthenticationFailure);
    expect(n.refusal).toBe('its CHAP response for user "u" does not match the target\'s secret');
    expect(n.refusal).not.toContain('the-secret-1234');
  });

  it('describes statuses for logs', () => {
    expect(describeStatus(LoginStatus.AuthorizationFailure)).toBe('0x0202 (authorization failure)');
    expect(describeStatus(LoginStatus.AuthenticationFailure)).toBe('0x0201 (authentication failure)');
    expect(describeStatus(0x0299)).toBe('0x0299');
  });

  it('refuses an unknown target', () => {
    expect(negotiator({ kind: 'none' }).step({ transit: true, csg: 0, nsg: 1, versionMin: 0, keys: [['InitiatorName', 'i'], ['TargetName', 'iqn.x:none']] }).status).toBe(LoginStatus.NotFound);
  });
});
