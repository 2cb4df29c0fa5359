/**
 * Replaces controller-dependent root/resume device names on kernel command lines (grub.cfg,
 * /etc/default/grub) with UUID= forms, e.g. `root=/dev/sda1` -> `root=UUID=<uuid>`. Other text is
 * untouched; rerunning changes nothing more.
 */
export function rewriteBootDevices(text: string, deviceUuids: Readonly<Record<string, string>>): { content: string; replaced: number } {
  let replaced = 0;
  const content = text.replace(/\b(root|resume)=(\/dev\/[A-Za-z0-9/_-]+)/g, (whole, key: string, device: string) => {
    const uuid = deviceUuids[device];
    if (!uuid) return whole;
    replaced++;
    return `${key}=UUID=${uuid}`;
  });
  return { content, replaced };
}
