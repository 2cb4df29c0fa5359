import { type Distribution } from '../distro/detect';
import { type FileView } from '../distro/file-view';
import { TARGET_DRIVERS, type TargetPlatform } from './inputs';
import { type GuestFile } from './nic-naming';

/**
 * The initramfs configuration that makes the target's storage and network drivers part of every
 * rebuilt initramfs: lines appended to /etc/initramfs-tools/modules (Debian family; honoured by
 * MODULES=list/most/dep alike), a dracut.conf.d drop-in (RHEL/SUSE). Undefined when nothing changes.
 */
export function initramfsDriverConfig(distro: Distribution, files: FileView, platform: TargetPlatform): GuestFile | undefined {
  const drivers = TARGET_DRIVERS[platform];
  if (distro.initramfsTool === 'update-initramfs') {
    const path = '/etc/initramfs-tools/modules';
    const current = files.read(path) ?? '';
    const listed = new Set(current.split('\n').map((l) => l.trim().split(/\s+/)[0]));
    const missing = drivers.filter((d) => !listed.has(d));
    if (!missing.length) return undefined;
    const sep = current === '' || current.endsWith('\n') ? '' : '\n';
    return { path, content: `${current}${sep}# Ferry fixup: drivers for the ${platform} target\n${missing.join('\n')}\n` };
  }
  if (distro.initramfsTool === 'dracut' || distro.initramfsTool === 'mkinitrd') {
    const path = '/etc/dracut.conf.d/91-ferry-target.conf';
    const content = `# Ferry fixup: drivers for the ${platform} target\nadd_drivers+=" ${drivers.join(' ')} "\n`;
    return files.read(path) === content ? undefined : { path, content };
  }
  return undefined;
}
