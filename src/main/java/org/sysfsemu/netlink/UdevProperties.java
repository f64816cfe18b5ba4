package org.sysfsemu.netlink;

/**
 * Where the multicaster finds the udev side of a device when it builds a group-2 message: the
 * emulator's stand-in for udevd's database. Supplied by the wiring code (from the devices' recorded
 * udev properties); called while the event mutex is held, so it must only read memory, never block.
 */
@FunctionalInterface
public interface UdevProperties {
  /** Knows no device: group-2 messages carry the kernel keys only, and no tags. */
  UdevProperties NONE = devpath -> UdevRecord.EMPTY;

  /** The record of the device at {@code devpath} (below /sys), or {@link UdevRecord#EMPTY}. */
  UdevRecord lookup(String devpath);
}
