package org.sysfsemu.it;

import static org.sysfsemu.it.Shell.q;

import java.nio.file.Path;

/**
 * Runs a real tool where an emulated /sys and /dev are bound over /sys and /dev: a child {@code
 * unshare --mount} shell (the emulator's JVM stays outside), a private tmpfs on /run with the
 * given udev database files in /run/udev/data, and {@code SYSTEMD_DEVICE_VERIFY_SYSFS=0} (a FUSE
 * mount cannot report the sysfs magic).
 */
public final class BoundTree {
  private BoundTree() {}

  /** Runs {@code command} (a shell command line) with the trees bound; {@code udevDb} may be null. */
  public static Shell.Result sh(Path sys, Path dev, Path udevDb, String command) {
    String inner = "mount --bind " + q(sys.toString()) + " /sys && mount --rbind " + q(dev.toString()) + " /dev"
        + " && mount -t tmpfs tmpfs /run && mkdir -p /run/udev/data"
        + (udevDb != null ? " && cp -a " + q(udevDb.toString()) + "/. /run/udev/data/" : "")
        + " && SYSTEMD_DEVICE_VERIFY_SYSFS=0 exec sh -c " + q(command);
    return Shell.sh("exec unshare --mount --propagation private sh -c " + q(inner));
  }
}
