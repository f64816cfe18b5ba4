package org.sysfsemu.driver;

import com.google.common.collect.ImmutableSet;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * Which devices Linux renames ({@code device_rename()} has callers only in subsystems that let
 * user space name their devices): network interfaces ({@code dev_change_name()}, through
 * rtnetlink) and InfiniBand devices. No other device can be renamed: a block device, a tty or a
 * USB device keeps its name for life, and {@code rename(2)} in sysfs fails with EPERM, which is
 * what a rename of one of them gets here.
 */
final class RenameRules {
  /** IFNAMSIZ: an interface name and its NUL fit in 16 bytes. */
  static final int IFNAMSIZ = 16;

  private static final ImmutableSet<String> RENAMABLE = ImmutableSet.of("net", "infiniband");

  private RenameRules() {}

  /** Refuses a rename Linux cannot do (EPERM) or a name it refuses ({@code dev_valid_name}: EINVAL). */
  static void check(Device dev, String newName) throws SysfsException {
    if (dev.devClass() == null || !RENAMABLE.contains(dev.subsystem())) {
      throw new SysfsException(Errno.EPERM, dev.devpath() + ": Linux renames only network interfaces and InfiniBand"
          + " devices, not " + (dev.subsystem() == null ? "this device" : dev.subsystem() + " devices"));
    }
    if (dev.subsystem().equals("net") && !validInterfaceName(newName)) {
      throw new SysfsException(Errno.EINVAL, "bad interface name '" + newName + "': at most " + (IFNAMSIZ - 1)
          + " bytes, no '/', ':' or white space, not '.' or '..'");
    }
  }

  /** {@code dev_valid_name()} of net/core/dev.c. */
  static boolean validInterfaceName(String name) {
    if (name.isEmpty() || name.length() >= IFNAMSIZ || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || c == ' ' || (c >= '\t' && c <= '\r')) {
        return false;
      }
    }
    return true;
  }
}
