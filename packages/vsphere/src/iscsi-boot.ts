/**
 * Where a VM boots from when its disk is a cloud-cache volume: the portal, IQN, LUN and CHAP user
 * of the volume, kept in the VM's ExtraConfig (the appliance writes them on the target VM; the cloud
 * host, or the test runner standing in for it, reads them at power-on). The CHAP secret is never
 * stored on the VM: whoever boots it asks the cache for the secret of the IQN.
 */
import { ValidationError } from '@ferry/errors';
import type { VsphereClient } from './client';
import type { TaskWaitOptions } from './tasks';
import { arr, obj, str, type MoRef, type Plain } from './values';
import { reconfigureVm } from './vm';

/** The ExtraConfig keys, one place for writer and reader. */
export const ISCSI_BOOT_KEYS = {
  portal: 'ferry.boot.iscsi.portal',
  iqn: 'ferry.boot.iscsi.iqn',
  lun: 'ferry.boot.iscsi.lun',
  chapUser: 'ferry.boot.iscsi.chapUser',
} as const;

/** A VM's iSCSI boot disk. */
export interface IscsiBoot {
  /** host:port of the iSCSI portal ([v6]:port for IPv6). */
  portal: string;
  iqn: string;
  /** Default 0. */
  lun?: number;
  /** CHAP user; without it the target is logged into without authentication. */
  chapUser?: string;
}

const IQN = /^(iqn\.\d{4}-\d{2}\.\S+|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]{16,32})$/;
const PORTAL = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Throws a ValidationError naming the field (`field(name)`: the option name or the ExtraConfig key) and the value. */
function validate(boot: IscsiBoot, field: (name: keyof IscsiBoot) => string): void {
  const port = Number(PORTAL.exec(boot.portal)?.[2] ?? NaN);
  if (!(port >= 1 && port <= 65535)) {
    throw new ValidationError(field('portal'), `"${boot.portal}" is not host:port; use e.g. 10.0.0.5:3260`);
  }
  if (!IQN.test(boot.iqn)) throw new ValidationError(field('iqn'), `"${boot.iqn}" is not an iSCSI name; use e.g. iqn.2024-01.io.ferry:vm-42`);
  const lun = boot.lun ?? 0;
  if (!Number.isInteger(lun) || lun < 0 || lun > 16383) throw new ValidationError(field('lun'), `"${lun}" is not a LUN number (0..16383)`);
  if (boot.chapUser !== undefined && (boot.chapUser === '' || /[\s%@/,]/.test(boot.chapUser))) {
    // The user goes into iscsi:// URLs, qemu option lists and CHAP's N= key: no separators, no blanks.
    throw new ValidationError(field('chapUser'), `"${boot.chapUser}" must be non-empty without blanks, "%", "@", "/" or ","`);
  }
}

/** Writes the VM's iSCSI boot keys through ReconfigVM_Task (the VM may be on or off; it is read at power-on). */
export async function setIscsiBoot(client: VsphereClient, vm: MoRef, boot: IscsiBoot, opts: TaskWaitOptions = {}): Promise<void> {
  validate(boot, (name) => name);
  await reconfigureVm(
    client,
    vm,
    {
      extraConfig: {
        [ISCSI_BOOT_KEYS.portal]: boot.portal,
        [ISCSI_BOOT_KEYS.iqn]: boot.iqn,
        [ISCSI_BOOT_KEYS.lun]: String(boot.lun ?? 0),
        // vSphere removes a key set to "": a boot without CHAP clears a user left from before.
        [ISCSI_BOOT_KEYS.chapUser]: boot.chapUser ?? '',
      },
    },
    opts,
  );
}

/**
 * The iSCSI boot disk named by a VM's `config.extraConfig` (an ArrayOfOptionValue as read), or
 * undefined when the VM has no portal or IQN. The last entry of a key wins and "" means unset:
 * vSphere removes a key set to "", vcsim keeps the old entry and appends the empty one.
 * A malformed value is a ValidationError naming its key.
 */
export function iscsiBootOf(extraConfig: Plain | undefined): IscsiBoot | undefined {
  const values = new Map<string, string>();
  for (const option of arr(obj(extraConfig)?.OptionValue)) {
    const key = str(obj(option)?.key);
    if (key !== undefined) values.set(key, str(obj(option)?.value) ?? '');
  }
  const get = (key: string): string | undefined => values.get(key) || undefined;
  const portal = get(ISCSI_BOOT_KEYS.portal);
  const iqn = get(ISCSI_BOOT_KEYS.iqn);
  if (portal === undefined || iqn === undefined) return undefined;
  const boot: IscsiBoot = { portal, iqn, lun: Number(get(ISCSI_BOOT_KEYS.lun) ?? 0), chapUser: get(ISCSI_BOOT_KEYS.chapUser) };
  validate(boot, (name) => ISCSI_BOOT_KEYS[name]);
  return boot;
}
