# Sourced by the scripts: makes sure the Debian packages they need are installed.
#   ensure_fuse        FUSE 2 (fusermount, libfuse.so.2) and /dev/fuse: what mounting needs.
#   ensure_test_tools  everything the test suite uses (scripts/test).
# Each package is checked by a command or file it provides, so nothing is installed (and apt-get
# is not run at all) when everything is there. As root with apt-get, the missing packages are
# installed with one `apt-get install`; otherwise the exact command to run is printed and the
# function fails.

# The packages the whole test suite needs, in the order they are installed.
SYSFSEMU_TEST_PACKAGES="fuse libfuse2 gcc libc6-dev udev busybox python3-pyudev umockdev pciutils usbutils lshw util-linux"

# pkg_present PACKAGE: true when something PACKAGE installs is there.
pkg_present() {
  case "$1" in
    fuse) command -v fusermount >/dev/null 2>&1 ;;
    libfuse2) _has_lib 'libfuse.so.2' ;;
    gcc) command -v gcc >/dev/null 2>&1 && command -v cc >/dev/null 2>&1 ;;
    libc6-dev) [ -e /usr/include/stdio.h ] && _has_file /usr/lib/*/libc.a /usr/lib/libc.a /usr/lib64/libc.a ;;
    udev) command -v udevadm >/dev/null 2>&1 && _has_file /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd ;;
    busybox) command -v busybox >/dev/null 2>&1 ;;
    python3-pyudev) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pyudev' >/dev/null 2>&1 ;;
    umockdev) command -v umockdev-run >/dev/null 2>&1 && command -v umockdev-record >/dev/null 2>&1 ;;
    pciutils) command -v lspci >/dev/null 2>&1 ;;
    usbutils) command -v lsusb >/dev/null 2>&1 ;;
    lshw) command -v lshw >/dev/null 2>&1 ;;
    util-linux) command -v unshare >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1 ;;
    *) echo "sysfs-emu: no check for package $1" >&2; return 1 ;;
  esac
}

_has_file() {
  for f in "$@"; do
    [ -e "$f" ] && return 0
  done
  return 1
}

_has_lib() {
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "$1" && return 0
  _has_file /lib/*/"$1" /usr/lib/*/"$1" /lib/"$1" /usr/lib/"$1"
}

# ensure_packages PACKAGE...: installs the missing ones in one apt-get call (root), else explains.
ensure_packages() {
  missing=""
  for p in "$@"; do
    pkg_present "$p" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sysfs-emu: installing$missing" >&2
    # Package lists may be missing or stale (fresh containers): update them only if the install fails.
    _apt_install $missing 2>/dev/null || {
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && _apt_install $missing
    } || { echo "sysfs-emu: apt-get install$missing failed" >&2; return 1; }
    for p in $missing; do
      pkg_present "$p" || { echo "sysfs-emu: $p was installed but is still not usable" >&2; return 1; }
    done
  else
    echo "sysfs-emu: missing packages:$missing. Install them with:" >&2
    echo "  sudo apt-get install$missing" >&2
    return 1
  fi
}

_apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

_ensure_dev_fuse() {
  if [ ! -e /dev/fuse ]; then
    echo "sysfs-emu: /dev/fuse does not exist (load the module with: sudo modprobe fuse)" >&2
    return 1
  fi
}

ensure_fuse() {
  ensure_packages fuse libfuse2 && _ensure_dev_fuse
}

ensure_test_tools() {
  # shellcheck disable=SC2086 # one word per package
  ensure_packages $SYSFSEMU_TEST_PACKAGES && _ensure_dev_fuse
}
