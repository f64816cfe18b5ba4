# Sourced by the scripts: makes sure FUSE 2 (fusermount, libfuse.so.2, /dev/fuse) is there.
# As root on Debian/Ubuntu it installs the packages; otherwise it says what to install.
ensure_fuse() {
  missing=""
  command -v fusermount >/dev/null 2>&1 || missing="$missing fuse"
  ldconfig -p 2>/dev/null | grep -q 'libfuse\.so\.2' || missing="$missing libfuse2"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "sysfs-emu: installing$missing" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || {
          echo "sysfs-emu: apt-get install$missing failed" >&2; return 1; }
    else
      echo "sysfs-emu: FUSE 2 is missing. Install it with: sudo apt-get install$missing" >&2
      return 1
    fi
  fi
  if [ ! -e /dev/fuse ]; then
    echo "sysfs-emu: /dev/fuse does not exist (load the module with: sudo modprobe fuse)" >&2
    return 1
  fi
}

# Installs a package list with apt-get when a command is missing (root only), else explains.
ensure_tool() { # ensure_tool COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "sysfs-emu: '$1' is missing. Install it with: sudo apt-get install $2" >&2
    return 1
  fi
}
