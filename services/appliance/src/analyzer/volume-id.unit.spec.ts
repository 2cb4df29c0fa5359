import { DEFAULT_ANALYZER_LIMITS } from './intake-limits';
import { volumeIdProblem } from './volume-id';

const problem = (id: string, maxVolumeIdBytes = DEFAULT_ANALYZER_LIMITS.maxVolumeIdBytes): string | undefined => volumeIdProblem(id, { maxVolumeIdBytes });

describe('volume ids ("<iSCSI name>/<lun>")', () => {
  it.each([
    'iqn.2024-01.io.ferry:vm/0',
    'iqn.2024-01.io.ferry:vm-1.disk:2/16383',
    'iqn.1992-08.com.netapp/7',
    'eui.02004567a425678d/1',
    'naa.52004567ba64678d/3',
    'naa.52004567ba64678d52004567ba64678d/0',
  ])('given %s, when checked, then it is a volume id', (id) => {
    expect(problem(id)).toBeUndefined();
  });

  it.each([
    ['../../etc/passwd', /path segment/],
    ['iqn.2024-01.io.ferry:vm/../0', /path segment/],
    ['<script>alert(1)</script>/0', /"<" or ">"/],
    ['iqn.2024-01.io.ferry:vm\u0000/0', /control/],
    ['iqn.2024-01.io.ferry:vm\n/0', /control/],
    ['iqn.2024-01.io.ferry:\u202egpj.exe/0', /control or bidirectional/],
    ['', /is empty/],
    ['iqn.2024-01.io.ferry:vm', /no "\/<lun>"/],
    ['iqn.2024-01.io.ferry:VM/0', /upper-case/],
    ['iqn.2024-13.io.ferry:vm/0', /not an iSCSI name/],
    ['iqn.2024-01.io.ferry:vm/x/0', /not an iSCSI name/],
    ['iqn.2024-01.io.ferry:vm 1/0', /not an iSCSI name/],
    ['eui.0200/0', /not an iSCSI name/],
    ['iqn.2024-01.io.ferry:vm/007', /LUN "007"/],
    ['iqn.2024-01.io.ferry:vm/16384', /LUN "16384"/],
    ['iqn.2024-01.io.ferry:vm/-1', /LUN "-1"/],
  ])('given %j, when checked, then it is refused (%s)', (id, why) => {
    expect(problem(id)).toMatch(why);
  });

  it('given an id over the length limit, when checked, then the answer names ANALYZER_MAX_VOLUME_ID_BYTES and the length', () => {
    const id = `iqn.2024-01.io.ferry:${'a'.repeat(380)}/0`;
    expect(problem(id)).toBe(`is 403 bytes; a volume id has at most 229 (limit ANALYZER_MAX_VOLUME_ID_BYTES=229)`);
    expect(problem('iqn.2024-01.io.ferry:abcdef/0', 20)).toMatch(/^is 29 bytes; .*ANALYZER_MAX_VOLUME_ID_BYTES=20/);
  });

  it('given an iSCSI name of 224 bytes within a raised id limit, when checked, then the name rule still refuses it', () => {
    const name = `iqn.2024-01.io.ferry:${'a'.repeat(203)}`;
    expect(problem(`${name}/0`, 229)).toMatch(/224 bytes; an iSCSI name has at most 223/);
  });
});
