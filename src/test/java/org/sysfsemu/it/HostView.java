package org.sysfsemu.it;

import static org.sysfsemu.it.Shell.q;

import java.nio.file.Path;

/**
 * Runs a command as a tool sees a real machine: in a child process with a private mount
 * namespace where the emulated /sys is bound over /sys and the emulated /dev over /dev (the
 * host's /dev/null first bound over the emulated one, since the emulated /dev allows no device
 * I/O). The JVM running the emulator never enters that namespace. libudev is told not to insist
 * on a sysfs superblock ({@code SYSTEMD_DEVICE_VERIFY_SYSFS=0}), as for every FUSE /sys.
 */
final class HostView {
  private final Path sys;
  private final Path dev;

  HostView(Emulator emu) {
    this.sys = emu.sys();
    this.dev = emu.dev();
  }

  /** Runs {@code script} with {@code sh -c} inside the namespace. */
  Shell.Result sh(String script) {
    String setup = "mount --bind /dev/null " + q(dev + "/null") + " && mount --bind " + q(sys.toString()) + " /sys"
        + " && mount --rbind " + q(dev.toString()) + " /dev || exit 99; export SYSTEMD_DEVICE_VERIFY_SYSFS=0; ";
    return Shell.sh("unshare --mount --propagation private sh -c " + q(setup + script));
  }
}
