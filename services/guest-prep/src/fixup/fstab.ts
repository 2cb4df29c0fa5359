/** What {@link rewriteFstab} changed, for the progress log. */
export interface FstabRewrite {
  readonly content: string;
  readonly changes: ReadonlyArray<{ from: string; to: string; mountPoint: string }>;
}

/**
 * Rewrites /etc/fstab so file systems are found by UUID where the source mounted them by a device
 * name that changes on the target (e.g. /dev/sda1 under VMware's pvscsi becomes /dev/vda1 under
 * virtio). Only the first field of lines whose device is in `deviceUuids` changes; comments,
 * spacing and every other line stay as they were. Rerunning changes nothing more.
 */
export function rewriteFstab(text: string, deviceUuids: Readonly<Record<string, string>>): FstabRewrite {
  const changes: Array<{ from: string; to: string; mountPoint: string }> = [];
  const lines = text.split('\n').map((line) => {
    const m = /^(\s*)(\S+)(\s+)(\S+)(.*)$/.exec(line);
    if (!m || line.trim().startsWith('#')) return line;
    const [, lead = '', device = '', gap = '', mountPoint = '', rest = ''] = m;
    const uuid = deviceUuids[device];
    if (!uuid) return line;
    const to = `UUID=${uuid}`;
    changes.push({ from: device, to, mountPoint });
    return `${lead}${to}${gap}${mountPoint}${rest}`;
  });
  return { content: lines.join('\n'), changes };
}

/** Device names in fstab that look like they depend on the controller (sdX, vdX, xvdX, hdX). */
export function controllerDependentDevices(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((d) => /^\/dev\/(sd|vd|xvd|hd)[a-z]+\d*$/.test(d));
}
