import { ValidationError } from '@ferry/errors';
import { type FixupEvent } from '../fixup/stage1';
import { encodeEvent } from '../prep/proto-codec';
import { decodeFixupDisks, outcomeFromEvents, replyOf } from './fixup-disks-command';

const meta = { prepId: 'fx-1', vmId: 'vm-7', atUnixMillis: 1_700_000_000_000, actor: { kind: 'service', id: 'appliance' }, causeCommandId: 'c-1', traceId: '' };
const stored = (events: FixupEvent[]) => events.map(encodeEvent);

describe('FixUpReplicaDisks: the command and the reply of a finished run', () => {
  it('decodes the disks, platform (default vmware) and NICs; refuses what cannot be right, naming the field', () => {
    expect(decodeFixupDisks({ fixupId: 'fx-1', diskImages: ['/v/ds/a-flat.vmdk'], nics: [{ mac: '00:50:56:AA:00:01', targetNetwork: 'net', method: 'dhcp' }] })).toEqual({
      diskImages: ['/v/ds/a-flat.vmdk'], targetPlatform: 'vmware', nics: [{ mac: '00:50:56:AA:00:01', targetNetwork: 'net', method: 'dhcp' }],
    });
    expect(() => decodeFixupDisks({ diskImages: ['/a'] })).toThrow(/fixup_id/);
    expect(() => decodeFixupDisks({ fixupId: 'x', diskImages: [] })).toThrow(ValidationError);
    expect(() => decodeFixupDisks({ fixupId: 'x', diskImages: ['relative-flat.vmdk'] })).toThrow(/disk_images.*absolute paths/);
    expect(() => decodeFixupDisks({ fixupId: 'x', diskImages: ['/a'], targetPlatform: 'hyperv' })).toThrow(/"hyperv" is not "vmware" or "kvm"/);
    expect(() => decodeFixupDisks({ fixupId: 'x', diskImages: ['/a'], networkJson: '{' })).toThrow(/network_json/);
    expect(() => decodeFixupDisks({ fixupId: 'x', diskImages: ['/a'], nics: [{ targetNetwork: 'net' }] })).toThrow(/nics\[0\]\.mac/);
  });

  it('a run that ended is answered from its events: steps, skipped, or the failure with its step', () => {
    const skipped = stored([
      { type: 'FixupStarted', meta, targetPlatform: 'vmware' },
      { type: 'FixupStepCompleted', meta, step: 'find-root', status: 'skipped', message: 'no Linux root file system on a-flat.vmdk (…)' },
      { type: 'FixupCompleted', meta, resultJson: '{}' },
    ]);
    const reply = replyOf(outcomeFromEvents(skipped)!);
    expect({ ok: reply.ok, skipped: reply.skipped, steps: reply.steps.map((s) => `${s.step} ${s.status}`) }).toEqual({ ok: true, skipped: true, steps: ['find-root skipped'] });

    const failed = stored([
      { type: 'FixupStarted', meta, targetPlatform: 'vmware' },
      { type: 'FixupStepCompleted', meta, step: 'fstab', status: 'changed', message: 'm' },
      { type: 'FixupStepCompleted', meta, step: 'initramfs', status: 'failed', message: 'update-initramfs failed' },
      { type: 'FixupFailed', meta, step: 'initramfs', reason: 'update-initramfs failed' },
    ]);
    expect(outcomeFromEvents(failed)).toMatchObject({ ok: false, skipped: false, message: 'initramfs: update-initramfs failed' });
    expect(outcomeFromEvents(failed)?.steps.map((s) => s.status)).toEqual(['changed', 'failed']);
  });

  it('a run without an end (running elsewhere, or interrupted) has no reply to replay', () => {
    expect(outcomeFromEvents([])).toBeUndefined();
    expect(outcomeFromEvents(stored([{ type: 'FixupStarted', meta, targetPlatform: 'vmware' }]))).toBeUndefined();
  });
});
