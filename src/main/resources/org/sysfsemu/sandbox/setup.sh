# The sandbox's set-up, run by /bin/sh as the first process of the sandbox's PID namespace, as
# root of its user namespace, inside its own mount and network namespaces (see docs/sandbox.md).
# Arguments: the emulated /sys mount, the emulated /dev mount, the host directory to use as /run.
# Prints "ready" once everything is in place, then stays as the namespace's init until killed.
set -eu
sys=$1
dev=$2
run=$3
fail() {
  echo "sysfs-emu sandbox: $*" >&2
  exit 1
}

# A private /run: the emulator's state directory (the udev database, /run/udev/control). Bound
# first: the directory may be on the host's /dev/shm, which the emulated /dev hides below.
mount --bind "$run" /run || fail "cannot bind $run over /run"

# The host's harmless character devices, over the emulated nodes (a FUSE mount is nodev, so its
# nodes cannot be opened; the emulator made the ones the tree lacks). Nothing else of the host's
# /dev is visible: block and other nodes never reach a host driver.
# Read-only binds: the devices work (reads and writes of a node are not writes to the mount),
# but a chmod or chown inside (mdev sets modes on every node it scans) cannot reach the host's.
# (mount -o bind,ro binds and then remounts read-only, in one process.)
for n in null zero full random urandom tty; do
  mount -o bind,ro "/dev/$n" "$dev/$n" || fail "cannot bind /dev/$n read-only"
done

mount --rbind "$sys" /sys || fail "cannot bind the emulated /sys over /sys"
mount --rbind "$dev" /dev || fail "cannot bind the emulated /dev over /dev"

# Pseudo-terminals and shared memory on the mount points the emulator made.
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts || fail "cannot mount devpts"
if [ ! -L /dev/ptmx ]; then
  mount --bind /dev/pts/ptmx /dev/ptmx || fail "cannot bind /dev/ptmx"
fi
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm || fail "cannot mount /dev/shm"

# /proc/sys/kernel/hotplug is the same setting as /sys/kernel/uevent_helper. The kernel has the
# file only with CONFIG_UEVENT_HELPER, so /proc/sys/kernel is rebuilt on a tmpfs: links to the
# real entries, and the emulator's file bound as hotplug.
mkdir -p /run/sysfs-emu/proc-sys-kernel
mount --bind /proc/sys/kernel /run/sysfs-emu/proc-sys-kernel || fail "cannot bind /proc/sys/kernel"
mount -t tmpfs -o mode=0555 tmpfs /proc/sys/kernel || fail "cannot mount a tmpfs on /proc/sys/kernel"
# one ln for the hundred-odd entries (a process per link cost a tenth of a second)
ln -s /run/sysfs-emu/proc-sys-kernel/* /proc/sys/kernel/ || fail "cannot link the entries of /proc/sys/kernel"
rm -f /proc/sys/kernel/hotplug
: > /proc/sys/kernel/hotplug
mount --bind /dev/.sysfs-emu/hotplug /proc/sys/kernel/hotplug || fail "cannot bind /proc/sys/kernel/hotplug"

cd /
echo ready
# The namespace's init: reaps orphans, ends (and with it every process inside) when killed.
trap 'exit 0' TERM INT HUP
exec 0</dev/null 1>/dev/null 2>/dev/null
while :; do
  sleep 2147483647 &
  wait $! || true
done
