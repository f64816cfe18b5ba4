package org.sysfsemu.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A device's properties in the order sd-device (systemd 252) collects them, which is the order
 * {@code udevadm info} prints: DEVPATH; SUBSYSTEM here when it was looked up first (a record or
 * the database export); the uevent file's keys in its order with MAJOR and MINOR last; SUBSYSTEM
 * here otherwise; then the database: USEC_INITIALIZED, its properties, DEVLINKS, TAGS,
 * CURRENT_TAGS.
 */
final class DeviceProperties {
  private DeviceProperties() {}

  static List<String> of(SysDevice d, UdevData.Entry udev, boolean subsystemFirst) {
    List<String> out = new ArrayList<>();
    out.add("DEVPATH=" + d.devpath());
    String subsystem = d.subsystem();
    if (subsystemFirst && subsystem != null) {
      out.add("SUBSYSTEM=" + subsystem);
    }
    String major = null;
    String minor = null;
    for (String l : d.uevent()) {
      if (l.startsWith("MAJOR=")) {
        major = l;
      } else if (l.startsWith("MINOR=")) {
        minor = l;
      } else if (l.startsWith("DEVNAME=")) {
        out.add("DEVNAME=/dev/" + l.substring(8));
      } else {
        out.add(l);
      }
    }
    if (major != null && minor != null) {
      out.add(major);
      out.add(minor);
    }
    if (!subsystemFirst && subsystem != null) {
      out.add("SUBSYSTEM=" + subsystem);
    }
    if (udev.usec() != null) {
      out.add("USEC_INITIALIZED=" + udev.usec());
    }
    out.addAll(udev.properties());
    if (!udev.links().isEmpty()) {
      out.add("DEVLINKS=" + String.join(" ", udev.links().stream().map(l -> "/dev/" + l).toList()));
    }
    if (!udev.tags().isEmpty()) {
      out.add("TAGS=:" + String.join(":", udev.tags()) + ":");
    }
    if (!udev.currentTags().isEmpty()) {
      out.add("CURRENT_TAGS=:" + String.join(":", udev.currentTags()) + ":");
    }
    return out;
  }
}
