// The boot profile a warm migration's cache volume records or prefetches (cloud-cache, LunSpec.boot_profile_key):
// "<guest os>/<image family>". The guest OS is what guest-prep found when it prepared the source; the
// image family stands for "VMs made from the same image", which we approximate by the boot disk's size
// (guests cloned from one template share both). The first warm migration of such a VM records the order
// its boot touched chunks in; the next ones prefetch those chunks as soon as the volume exists.

/** Lower-case letters, digits, ".", "_" and "-" only, at most 63 characters (cloud-cache's key rule). */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '').slice(0, 63);
}

/** The key for a guest OS and boot disk, or '' (no profile) when guest-prep named no OS. */
export function bootProfileKeyOf(guestOs: string | undefined, bootDiskBytes: number | undefined): string {
  const os = slug(guestOs ?? '');
  if (os === '') return '';
  const gib = Math.ceil((bootDiskBytes ?? 0) / 2 ** 30);
  return gib > 0 ? `${os}/disk-${gib}g` : os;
}
