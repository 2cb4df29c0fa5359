import { type NicConfig } from '../network/model';

/** A file the fixup writes into the replica (guest path, content, mode). */
export interface GuestFile {
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
}

/**
 * Keeps NIC names by MAC on the target: a systemd .link file per NIC (systemd-udevd, also copied
 * into Debian's initramfs) and a 70-persistent-net.rules for udev without .link support (RHEL 6).
 */
export function nicNamingFiles(nics: readonly NicConfig[]): GuestFile[] {
  const withMac = nics.filter((n): n is NicConfig & { mac: string } => n.mac !== undefined);
  const links = withMac.map((n) => ({
    path: `/etc/systemd/network/10-ferry-${n.name}.link`,
    content: `# Written by Ferry fixup: keep this NIC's name by its MAC on the target.\n[Match]\nMACAddress=${n.mac}\n\n[Link]\nName=${n.name}\n`,
  }));
  const rules = withMac.map(
    (n) => `SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="${n.mac}", ATTR{type}=="1", NAME="${n.name}"`,
  );
  return [
    ...links,
    {
      path: '/etc/udev/rules.d/70-persistent-net.rules',
      content: `# Written by Ferry fixup: NIC names by MAC on the target.\n${rules.join('\n')}\n`,
    },
  ];
}
