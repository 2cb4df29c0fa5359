import { linuxToolArgs, parseToolResult } from './runner';

describe('Linux prep runner helpers', () => {
  const id = { prepId: 'p', vmId: 'vm', commandId: 'c', actor: { kind: 'service', id: 't' } };

  it('passes --offline for a mounted root, --undo, and the iSCSI target when given', () => {
    expect(linuxToolArgs(id, true)).toEqual(['/bin/sh', '/opt/ferry/prep/ferry-prep.sh', '--state-dir', '/opt/ferry/prep/state', '--offline']);
    expect(linuxToolArgs({ ...id, undo: true, iscsi: { targetIp: '10.0.0.9', targetIqn: 'iqn.2024-01.io.ferry:cache', targetPort: 3261 } }, false)).toEqual([
      '/bin/sh', '/opt/ferry/prep/ferry-prep.sh', '--state-dir', '/opt/ferry/prep/state', '--undo',
      '--iscsi-target-ip', '10.0.0.9', '--iscsi-target-iqn', 'iqn.2024-01.io.ferry:cache', '--iscsi-target-port', '3261',
    ]);
  });

  it('finds the result document as the last JSON line, ignoring other output; none when the tool printed none', () => {
    const doc = { tool: 'ferry-prep', version: 1, mode: 'prepare', ok: true, changed: false, steps: [{ name: 'grub', status: 'unchanged', message: 'm' }] };
    expect(parseToolResult(`Reading package lists...\n{not json\n${JSON.stringify(doc)}\n`)).toEqual(doc);
    expect(parseToolResult('E: Unable to locate package open-iscsi\n')).toBeUndefined();
  });
});
