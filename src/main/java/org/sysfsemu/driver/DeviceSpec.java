package org.sysfsemu.driver;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * Everything needed to add one device: what a record paragraph says, already classified (bus or
 * class, kernel keys or udev properties). Built by the loader, applied by {@link DriverCore}.
 *
 * @param devpath the path below /sys, starting with {@code /devices/}
 * @param subsystem the bus or class name
 * @param isClass whether {@code subsystem} is a class (else a bus)
 * @param devtype DEVTYPE, or null
 * @param driver the driver to bind to after {@code add}, or null
 * @param devt the device number, or null
 * @param devnodeName DEVNAME relative to /dev (null without a devnum)
 * @param ueventVars the bus/class/type uevent keys as {@code KEY=VALUE}, in the kernel's order
 * @param udevProperties udev-only properties
 * @param attributes attribute files, in record order
 * @param links symlinks other than the derived ones, with their literal targets
 * @param devlinks {@code S:} lines: udev devlinks relative to /dev
 * @param sourceFile where the record came from, for error messages ({@link #source()})
 * @param sourceLine the line of the record in {@code sourceFile}, or 0 when it has none
 */
public record DeviceSpec(
    String devpath,
    String subsystem,
    boolean isClass,
    String devtype,
    String driver,
    DevNum devt,
    String devnodeName,
    int devmode,
    int devuid,
    int devgid,
    ImmutableList<String> ueventVars,
    ImmutableMap<String, String> udevProperties,
    ImmutableList<AttributeSpec> attributes,
    ImmutableList<LinkSpec> links,
    ImmutableList<String> devlinks,
    String sourceFile,
    int sourceLine) {

  /** Where the record came from, for error messages: {@code file:line}, or the file alone. */
  public String source() {
    return sourceLine > 0 ? sourceFile + ":" + sourceLine : sourceFile;
  }

  /** The same device without a driver to bind. */
  public DeviceSpec withoutDriver() {
    return new DeviceSpec(devpath, subsystem, isClass, devtype, null, devt, devnodeName, devmode, devuid, devgid,
        ueventVars, udevProperties, attributes, links, devlinks, sourceFile, sourceLine);
  }

  /** The device's name: the last component of its devpath. */
  public String name() {
    return devpath.substring(devpath.lastIndexOf('/') + 1);
  }

  /** Whether {@code devpath} is one component below {@code parent}, without making a string. */
  public static boolean isChildPath(String parent, String devpath) {
    int n = parent.length();
    return devpath.length() > n + 1 && devpath.charAt(n) == '/' && devpath.startsWith(parent)
        && devpath.indexOf('/', n + 1) < 0;
  }

  /** The devpath of the directory holding the device. */
  public String parentPath() {
    return devpath.substring(0, devpath.lastIndexOf('/'));
  }

  /**
   * An attribute file: a name (may contain '/'), its bytes, binary or text, writable or not. As a
   * record's, equality takes the bytes by identity (the loader pools equal contents first).
   * {@code equals} and {@code hashCode} are written out: a record's are made from method handles
   * at their first call, classes generated while the start loads its tree.
   */
  public record AttributeSpec(String name, byte[] value, boolean binary, boolean writable) {
    @Override
    public boolean equals(Object o) {
      return o instanceof AttributeSpec a && name.equals(a.name) && value == a.value
          && binary == a.binary && writable == a.writable;
    }

    @Override
    public int hashCode() {
      return ((name.hashCode() * 31 + System.identityHashCode(value)) * 31 + Boolean.hashCode(binary)) * 31
          + Boolean.hashCode(writable);
    }
  }

  /**
   * A symlink kept verbatim: {@code L: firmware_node=../../LNXSYSTM:00}. {@code equals} and
   * {@code hashCode} written out, as {@link AttributeSpec}'s.
   */
  public record LinkSpec(String name, String target) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LinkSpec l && name.equals(l.name) && target.equals(l.target);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + target.hashCode();
    }
  }
}
