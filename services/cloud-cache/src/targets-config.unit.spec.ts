/** CACHE_TARGETS as the service reads it: auth, the initiator allow list, and refusals that name the field and never a secret. */
import { parseTargets } from './targets-config';

const lun = [{ lun: 0, source: '/disks/a.raw' }];
const parse = (targets: unknown[]): ReturnType<typeof parseTargets> => parseTargets(JSON.stringify(targets));

describe('parseTargets', () => {
  it('keeps auth and lower-cases the allow list; a target without auth has none set (the cache makes a secret)', () => {
    expect(
      parse([
        { name: 'iqn.2024-01.io.ferry:a', luns: lun, initiators: ['iqn.1998-01.com.VMware:ESX-1'] },
        { name: 'iqn.2024-01.io.ferry:b', luns: lun, auth: { kind: 'chap', user: 'host', secret: 'twelve-chars', mutual: { user: 'cache', secret: 'other-secret' } } },
        { name: 'iqn.2024-01.io.ferry:c', luns: lun, auth: { kind: 'none' } },
      ]),
    ).toEqual([
      { name: 'iqn.2024-01.io.ferry:a', luns: lun, initiators: ['iqn.1998-01.com.vmware:esx-1'] },
      { name: 'iqn.2024-01.io.ferry:b', luns: lun, auth: { kind: 'chap', user: 'host', secret: 'twelve-chars', mutual: { user: 'cache', secret: 'other-secret' } } },
      { name: 'iqn.2024-01.io.ferry:c', luns: lun, auth: { kind: 'none' } },
    ]);
  });

  it('refuses a short secret by its length only, an unknown kind, a shared mutual secret, a bad initiator name and a repeated target', () => {
    const name = 'iqn.2024-01.io.ferry:a';
    expect(() => parse([{ name, luns: lun, auth: { kind: 'chap', user: 'host', secret: 'sesame' } }])).toThrow(
      'CACHE_TARGETS[0].auth.secret: is 6 characters; a CHAP secret must be 12 to 255',
    );
    expect(() => parse([{ name, luns: lun, auth: { kind: 'chap', user: 'host', secret: 'sesame' } }])).not.toThrow(/sesame/);
    expect(() => parse([{ name, luns: lun, auth: { kind: 'CHAP' } }])).toThrow('CACHE_TARGETS[0].auth.kind: is "CHAP"; give "chap" with user and secret, leave auth out');
    expect(() => parse([{ name, luns: lun, auth: { kind: 'chap', user: 'h', secret: 'same-secret-1', mutual: { user: 'c', secret: 'same-secret-1' } } }])).toThrow(
      'CACHE_TARGETS[0].auth.mutual.secret: is the same as CACHE_TARGETS[0].auth.secret',
    );
    expect(() => parse([{ name, luns: lun, initiators: ['esx-1'] }])).toThrow('CACHE_TARGETS[0].initiators[0]: "esx-1" is not an iSCSI name');
    expect(() => parse([{ name, luns: lun, initiators: 'iqn.1998-01.com.vmware:esx-1' }])).toThrow('CACHE_TARGETS[0].initiators: must be a list of initiator names');
    expect(() => parse([{ name, luns: lun }, { name: name.toUpperCase(), luns: lun }])).toThrow("CACHE_TARGETS[1].name: IQN.2024-01.IO.FERRY:A is already an earlier target's name");
  });
});
