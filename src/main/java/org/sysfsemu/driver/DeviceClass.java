package org.sysfsemu.driver;

import org.sysfsemu.kernfs.KernfsDir;

/** A device class ({@code struct class}): {@code /sys/class/<name>}, a directory of links. */
public final class DeviceClass {
  /** The one class whose devices get block nodes and {@code /sys/dev/block} links. */
  public static final String BLOCK = "block";

  private final String className;
  private final KernfsDir dir;

  DeviceClass(String className, KernfsDir dir) {
    this.className = className;
    this.dir = dir;
  }

  public String className() {
    return className;
  }

  /** {@code /sys/class/<name>}. */
  public KernfsDir dir() {
    return dir;
  }

  public boolean isBlock() {
    return BLOCK.equals(className);
  }
}
