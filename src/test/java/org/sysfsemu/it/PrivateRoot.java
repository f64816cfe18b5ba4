package org.sysfsemu.it;

import static org.sysfsemu.it.Shell.q;

import java.nio.file.Path;

/**
 * Runs a shell command where the emulated /sys (and optionally /dev and the udev database) sit at
 * their real paths: a private mount namespace ({@code unshare -m}, root only), never the test's
 * JVM. /run is a fresh tmpfs there, so the host's /run/udev is never seen or touched. A stop-gap
 * for tests until the sandbox of {@code sysfs-emu run} can be used.
 */
final class PrivateRoot {
  private PrivateRoot() {}

  /**
   * {@code script} run by {@code sh} with {@code sys} at /sys, {@code udev} (if not null) at
   * /run/udev, {@code dev} (if not null) at /dev with the host's null bound over the emulated one,
   * and SYSTEMD_DEVICE_VERIFY_SYSFS=0 (a FUSE mount cannot report the sysfs magic).
   */
  static Shell.Result sh(Path sys, Path dev, Path udev, String script) {
    StringBuilder setup = new StringBuilder("set -e; mount --bind " + q(sys.toString()) + " /sys; ");
    setup.append("mount -t tmpfs tmpfs /run; ");
    if (udev != null) {
      setup.append("mkdir /run/udev; mount --bind ").append(q(udev.toString())).append(" /run/udev; ");
    }
    if (dev != null) {
      setup.append("mount --bind /dev/null ").append(q(dev.resolve("null").toString())).append("; ");
      setup.append("mount --rbind ").append(q(dev.toString())).append(" /dev; ");
    }
    setup.append("set +e; export SYSTEMD_DEVICE_VERIFY_SYSFS=0; ").append(script);
    return Shell.sh("exec unshare -m --propagation private sh -c " + q(setup.toString()));
  }
}
