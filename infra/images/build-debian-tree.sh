#!/usr/bin/env bash
# Builds (once) a debootstrapped Debian bookworm guest tree that Ferry's guest-prep, fixup and
# cloud-cache tests use as a real Linux guest, and caches it keyed by a hash of this script.
#
#   sudo bash infra/images/build-debian-tree.sh      -> last stdout line: the tree's path
#
# Next to the tree sits `debian-bookworm.tar` (uncompressed, extracts in seconds): tests extract a
# fresh copy from it and never modify the cached tree itself.
#
# The tree holds a kernel, systemd, ifupdown, initramfs-tools (MODULES=list, a short module list so
# the initramfs is small and boots fast under TCG, and so a test can see what prep adds), grub's BIOS
# bits, udev, iproute2, and the open-iscsi .debs pre-downloaded into apt's cache with package lists,
# so installing the iSCSI initiator inside the tree later needs no network.
# The Debian mirror is read at run time from the host's apt configuration; none is written here.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "build-debian-tree.sh: must run as root (debootstrap and chroot need it); run it with sudo" >&2
  exit 1
fi

script_hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
cache_root="${FERRY_CACHE_DIR:-$HOME/.cache/ferry}"
out="$cache_root/debian-tree-$script_hash"
tree="$out/tree"
tarball="$out/debian-bookworm.tar"
log() { printf '[debian-tree] %s\n' "$*" >&2; }

mkdir -p "$cache_root"
# Several test files (and several helpers) may ask for the tree at the same time: one builds.
exec 9>"$cache_root/.debian-tree.lock"
flock 9

if [[ -f "$out/.complete" ]]; then
  echo "$tree"
  exit 0
fi

# First bookworm (not -updates, not -security) URI from deb822 .sources files or sources.list.
find_mirror() {
  local f uri="" suites="" line
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    while IFS= read -r line || [[ -n $line ]]; do
      case "$line" in
        URIs:*) uri="${line#URIs:}"; uri="${uri# }"; uri="${uri%% *}" ;;
        Suites:*) suites=" ${line#Suites:} " ;;
        "")
          if [[ -n $uri && $suites == *" bookworm "* ]]; then echo "$uri"; return 0; fi
          uri=""; suites="" ;;
      esac
    done <"$f"
    if [[ -n $uri && $suites == *" bookworm "* ]]; then echo "$uri"; return 0; fi
    uri=""; suites=""
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # deb [options] URI bookworm components
    uri="$(sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+bookworm[[:space:]].*/\2/p' "$f" | head -n1)"
    if [[ -n $uri ]]; then echo "$uri"; return 0; fi
  done
  return 1
}

mirror="$(find_mirror)" || {
  echo "build-debian-tree.sh: no 'bookworm' source found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; add the Debian mirror there" >&2
  exit 1
}
log "building into $out from the host's bookworm mirror (takes several minutes, once)"

rm -rf "$out"
mkdir -p "$out"
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

packages=linux-image-amd64,systemd-sysv,ifupdown,initramfs-tools,grub-pc-bin,grub2-common,e2fsprogs,udev,iproute2,kmod,procps
debootstrap --variant=minbase --include="$packages" bookworm "$tree" "$mirror" >&2

for m in proc sys dev; do
  mount --bind "/$m" "$tree/$m"
  mounted+=("$tree/$m")
done
in_tree() { chroot "$tree" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C "$@"; }

# Package lists plus open-iscsi's .debs in apt's cache: prep can install the initiator offline.
# debootstrap leaves every base .deb in apt's cache: drop them, keep only open-iscsi's.
in_tree apt-get clean >&2
in_tree apt-get update -qq >&2
in_tree apt-get install -y -qq --download-only --no-install-recommends open-iscsi >&2

echo ferry-guest >"$tree/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tferry-guest\n' >"$tree/etc/hosts"
cat >"$tree/etc/network/interfaces" <<'EOF'
# The loopback network interface
auto lo
iface lo inet loopback

# The primary network interface
allow-hotplug ens3
iface ens3 inet static
	address 10.0.2.15/24
	gateway 10.0.2.2
	dns-nameservers 10.0.2.3
EOF
printf 'nameserver 10.0.2.3\n' >"$tree/etc/resolv.conf"
# A root file system the boot image's fstab refers to by label (the fixup rewrites it to UUID).
printf '# <file system> <mount point> <type> <options> <dump> <pass>\nLABEL=ferry-root / ext4 errors=remount-ro 0 1\n' >"$tree/etc/fstab"
# An empty root password would let anyone log in on the serial console; lock it instead.
in_tree passwd -l root >&2

# Small initramfs: only what booting under qemu (virtio, IDE/AHCI) needs, not MODULES=most.
cat >"$tree/etc/initramfs-tools/conf.d/ferry-modules.conf" <<'EOF'
# Ferry test guest: build the initramfs from /etc/initramfs-tools/modules only (small, fast boot).
MODULES=list
EOF
cat >>"$tree/etc/initramfs-tools/modules" <<'EOF'
virtio_pci
virtio_blk
virtio_scsi
virtio_net
ata_piix
ahci
sd_mod
ext4
EOF
in_tree update-initramfs -u -k all >&2

# Keep the tree lean: docs and man pages are no use to a test guest.
rm -rf "$tree"/usr/share/doc/* "$tree"/usr/share/man/* "$tree"/var/cache/apt/*.bin

cleanup
mounted=()
tar -C "$tree" --numeric-owner -cf "$tarball.part" .
mv "$tarball.part" "$tarball"
touch "$out/.complete"
log "done: $(du -sh "$tree" | cut -f1) tree, tarball $tarball"
echo "$tree"
