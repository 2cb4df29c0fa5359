#!/usr/bin/env bash
# Builds (once) a raw BIOS-bootable disk image of the Debian bookworm test guest, cached and keyed
# by a hash of this script and of build-debian-tree.sh.
#
#   sudo bash infra/images/build-bootable-debian.sh   -> last stdout line: the image's path
#
# Layout: MBR (sfdisk), one ext4 partition from 1 MiB labelled `ferry-root`, filled with
# `mkfs.ext4 -d <tree>` (no mount needed for the files), grub for BIOS in the MBR gap.
# grub-install needs a block device: the image is attached with `losetup -P` only for that step.
# The guest's kernel command line sends the console to ttyS0; at the end of boot the unit
# `ferry-boot-report.service` prints `FERRY-BOOT-OK <hostname>`, `ip -br link`, `ip -br addr` and
# `FERRY-BOOTS <n>` and `FERRY-BOOT-ID <id>` (each boot appends its boot id to /var/lib/ferry/boots
# and syncs it, so a test can tell that a disk carries what an earlier boot wrote), then
# `FERRY-BOOT-END` on ttyS0. With `ferry.poweroff` on the kernel command line (direct -kernel boot)
# the guest powers off after the report.
# Beside the image: vmlinuz and initrd.img (for qemu -kernel/-initrd boots) and image.env
# (ROOT_UUID, ROOT_LABEL, PART_OFFSET) for consumers.
# Boot it: qemu-system-x86_64 -accel tcg -m 1024 -nographic -drive file=<image>,format=raw,if=virtio \
#            -nic user,model=virtio-net-pci,mac=52:54:00:12:34:56
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "build-bootable-debian.sh: must run as root (losetup, mount and chroot for grub-install); run it with sudo" >&2
  exit 1
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree="$(bash "$here/build-debian-tree.sh" | tail -n1)"
tarball="$(dirname "$tree")/debian-bookworm.tar"
key="$(cat "${BASH_SOURCE[0]}" "$here/build-debian-tree.sh" | sha256sum | cut -c1-12)"
cache_root="${FERRY_CACHE_DIR:-$HOME/.cache/ferry}"
out="$cache_root/bootable-debian-$key"
image="$out/debian-bookworm.raw"
image_size_mib=2048
log() { printf '[bootable-debian] %s\n' "$*" >&2; }

exec 8>"$cache_root/.bootable-debian.lock"
flock 8
if [[ -f "$out/.complete" ]]; then
  echo "$image"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

log "staging a copy of the tree (the cached tree is never modified)"
staging="$work/root"
mkdir -p "$staging"
tar -C "$staging" -xf "$tarball"

cat >"$staging/usr/local/sbin/ferry-boot-report" <<'EOF'
#!/bin/sh
# Ferry test guest: report on the serial console that boot finished, with the NICs' names and
# addresses, so a test reading the console can check them. Waits (bounded) for an IPv4 address
# on a non-loopback NIC, because allow-hotplug interfaces come up asynchronously; a guest with no
# NIC (qemu -nic none, as the cloud host runner boots it) has none to wait for and reports at once.
i=0
if ip -br link | grep -qv '^lo '; then
  while [ $i -lt 30 ] && ! ip -br -4 addr show scope global | grep -q .; do sleep 1; i=$((i + 1)); done
fi
boot_id="$(cat /proc/sys/kernel/random/boot_id)"
mkdir -p /var/lib/ferry
echo "$boot_id" >>/var/lib/ferry/boots
sync
{
  echo "FERRY-BOOT-OK $(hostname)"
  ip -br link
  ip -br addr
  echo "FERRY-BOOTS $(wc -l </var/lib/ferry/boots)"
  echo "FERRY-BOOT-ID $boot_id"
  echo "FERRY-BOOT-END"
} >/dev/ttyS0 2>&1
if grep -qw ferry.poweroff /proc/cmdline; then systemctl --no-block poweroff; fi
EOF
chmod 755 "$staging/usr/local/sbin/ferry-boot-report"
cat >"$staging/etc/systemd/system/ferry-boot-report.service" <<'EOF'
[Unit]
Description=Ferry boot report on the serial console
After=network-online.target networking.service systemd-udev-settle.service
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/ferry-boot-report

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/ferry-boot-report.service \
  "$staging/etc/systemd/system/multi-user.target.wants/ferry-boot-report.service"
cat >"$staging/etc/default/grub" <<'EOF'
GRUB_DEFAULT=0
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=ttyS0,115200n8"
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --speed=115200"
GRUB_DISABLE_OS_PROBER=true
EOF

# grub for BIOS, installed without a block device: this sandbox's loop devices expose no
# partitions (`losetup -P` makes no loopNp1), which grub-install and grub-bios-setup need. So we do
# what grub-bios-setup does: grub-mkimage builds core.img with an explicit prefix, boot.img goes into
# the MBR (keeping the partition table), core.img into the gap after it, and diskboot's block list
# gets core.img's length. grub.cfg is written by hand (grub-mkconfig would probe the host's disk).
root_uuid="$(cat /proc/sys/kernel/random/uuid)"
kver="$(ls "$staging/lib/modules" | sort -V | tail -n1)"
mkdir -p "$staging/boot/grub/i386-pc"
cp "$staging"/usr/lib/grub/i386-pc/*.mod "$staging"/usr/lib/grub/i386-pc/*.lst "$staging"/usr/lib/grub/i386-pc/boot.img "$staging/boot/grub/i386-pc/"
cat >"$staging/boot/grub/grub.cfg" <<CFG
# Ferry test guest: written by infra/images/build-bootable-debian.sh
serial --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
set default=0
insmod part_msdos
insmod ext2
search --no-floppy --fs-uuid --set=root $root_uuid
menuentry 'Debian GNU/Linux' {
	linux /boot/vmlinuz-$kver root=UUID=$root_uuid ro console=ttyS0,115200n8
	initrd /boot/initrd.img-$kver
}
CFG
chroot "$staging" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C grub-mkimage -O i386-pc \
  -o /boot/grub/i386-pc/core.img -p '(hd0,msdos1)/boot/grub' \
  biosdisk part_msdos ext2 search search_fs_uuid normal linux serial terminal configfile echo test >&2
core="$work/core.img"
cp "$staging/boot/grub/i386-pc/core.img" "$core"
cp "$staging/usr/lib/grub/i386-pc/boot.img" "$work/boot.img"
cp "$staging/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$staging/boot/initrd.img-$kver" "$out/initrd.img"

log "making the ext4 partition from the tree (mkfs.ext4 -d, no mount)"
part="$work/part.ext4"
part_size_mib=$((image_size_mib - 1))
mkfs.ext4 -q -F -L ferry-root -U "$root_uuid" -d "$staging" "$part" "${part_size_mib}M" >&2
rm -rf "$staging"

truncate -s "${image_size_mib}M" "$work/disk.raw"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$work/disk.raw" >&2
dd if="$part" of="$work/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none
rm -f "$part"

log "installing grub's boot sector and core image"
core_sectors=$((($(stat -c %s "$core") + 511) / 512))
if ((core_sectors > 2000)); then
  echo "build-bootable-debian.sh: core.img is $core_sectors sectors, more than the gap before partition 1 (2047)" >&2
  exit 1
fi
# diskboot.img's block list sits in the last 12 bytes of core.img's first sector: start (8 bytes,
# default 2), length (2 bytes) = sectors after the first, segment (2 bytes).
len=$((core_sectors - 1))
printf "$(printf '\\x%02x\\x%02x' $((len & 255)) $((len >> 8)))" | dd of="$core" bs=1 seek=$((0x1fc)) conv=notrunc status=none
# boot.img's code with the image's own disk signature and partition table (bytes 440-511).
dd if="$work/disk.raw" of="$work/boot.img" bs=1 skip=440 seek=440 count=72 conv=notrunc status=none
dd if="$work/boot.img" of="$work/disk.raw" bs=512 count=1 conv=notrunc status=none
dd if="$core" of="$work/disk.raw" bs=512 seek=1 conv=notrunc status=none

printf 'ROOT_UUID=%s\nROOT_LABEL=ferry-root\nPART_OFFSET=%s\n' "$root_uuid" $((2048 * 512)) >"$out/image.env"
mv "$work/disk.raw" "$image"
touch "$out/.complete"
log "done: $image (root UUID $root_uuid)"
echo "$image"
