# shellcheck shell=sh
# Distribution detection: sets DISTRO_ID, DISTRO_VERSION, DISTRO_FAMILY (debian | rhel | suse),
# PKG_MANAGER (apt | dnf | yum | zypper) and INITRAMFS_TOOL (update-initramfs | dracut | mkinitrd).

detect_distro() {
  DISTRO_ID=unknown DISTRO_VERSION="" DISTRO_LIKE=""
  if [ -r /etc/os-release ]; then
    DISTRO_ID=$(. /etc/os-release && printf '%s' "${ID:-unknown}")
    DISTRO_VERSION=$(. /etc/os-release && printf '%s' "${VERSION_ID:-}")
    DISTRO_LIKE=$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")
  elif [ -r /etc/redhat-release ]; then
    # RHEL/CentOS 6 have no os-release.
    DISTRO_ID=rhel
    DISTRO_VERSION=$(sed -n 's/.*release \([0-9][0-9.]*\).*/\1/p' /etc/redhat-release)
  elif [ -r /etc/SuSE-release ]; then
    DISTRO_ID=sles
    DISTRO_VERSION=$(sed -n 's/^VERSION *= *//p' /etc/SuSE-release)
  elif [ -r /etc/debian_version ]; then
    DISTRO_ID=debian
    DISTRO_VERSION=$(cat /etc/debian_version)
  fi
  case " $DISTRO_ID $DISTRO_LIKE " in
    *" debian "* | *" ubuntu "*) DISTRO_FAMILY=debian ;;
    *" rhel "* | *" fedora "* | *" centos "* | *" rocky "* | *" almalinux "* | *" ol "*) DISTRO_FAMILY=rhel ;;
    *" suse "* | *" sles "* | *" opensuse"*) DISTRO_FAMILY=suse ;;
    *) DISTRO_FAMILY=unknown ;;
  esac
  case "$DISTRO_FAMILY" in
    debian) PKG_MANAGER=apt ;;
    rhel) if command -v dnf >/dev/null 2>&1; then PKG_MANAGER=dnf; else PKG_MANAGER=yum; fi ;;
    suse) PKG_MANAGER=zypper ;;
    *) PKG_MANAGER=none ;;
  esac
  if command -v update-initramfs >/dev/null 2>&1; then INITRAMFS_TOOL=update-initramfs
  elif command -v dracut >/dev/null 2>&1; then INITRAMFS_TOOL=dracut
  elif command -v mkinitrd >/dev/null 2>&1; then INITRAMFS_TOOL=mkinitrd
  else INITRAMFS_TOOL=none
  fi
}

# The iSCSI initiator package's name per family.
iscsi_package() {
  case "$DISTRO_FAMILY" in
    debian | suse) echo open-iscsi ;;
    rhel) echo iscsi-initiator-utils ;;
  esac
}

package_installed() {
  case "$PKG_MANAGER" in
    apt) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
    dnf | yum | zypper) rpm -q "$1" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

installed_package_names() {
  case "$PKG_MANAGER" in
    apt) dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 ~ /^ii/ { print $2 }' | sort ;;
    *) rpm -qa --qf '%{NAME}\n' 2>/dev/null | sort ;;
  esac
}

remove_package() {
  case "$2" in
    apt) DEBIAN_FRONTEND=noninteractive dpkg --purge "$1" >&2 ;;
    dnf | yum | zypper) rpm -e --nodeps "$1" >&2 ;;
    *) return 1 ;;
  esac
}

# Package-manager state whose bytes change on install/remove; backed up so undo is exact. Whole
# folders for dpkg's database (dpkg rewrites other packages' .list files) and debconf's cache, and
# the package managers' logs: undo puts them back too, after keeping a copy of what prep and undo
# logged in <state>/audit/ (Ferry's audit trail of the guest changes).
package_state_paths() {
  case "$PKG_MANAGER" in
    apt) echo /var/lib/dpkg /var/cache/debconf /var/lib/apt/extended_states /var/cache/apt/pkgcache.bin \
      /var/cache/apt/srcpkgcache.bin /etc/ld.so.cache /var/cache/ldconfig/aux-cache \
      /var/log/dpkg.log /var/log/apt /var/log/alternatives.log ;;
    dnf | yum) echo /var/lib/rpm /etc/ld.so.cache /var/cache/ldconfig/aux-cache /var/log/dnf.log \
      /var/log/dnf.rpm.log /var/log/dnf.librepo.log /var/log/hawkey.log /var/log/yum.log ;;
    zypper) echo /var/lib/rpm /usr/lib/sysimage/rpm /etc/ld.so.cache /var/cache/ldconfig/aux-cache \
      /var/log/zypp/history /var/log/zypper.log ;;
  esac
}

# Paths of package-manager logs (a subset of package_state_paths) copied to the audit folder.
package_log_paths() { package_state_paths | tr ' ' '\n' | grep '^/var/log/'; }
