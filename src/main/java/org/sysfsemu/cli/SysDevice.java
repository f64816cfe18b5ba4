package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One device as a /sys directory shows it (the machine's or an emulator's): devpath, subsystem
 * and driver links, the lines of its {@code uevent} file in the kernel's order, and its attribute
 * files and links (subdirectories that are not devices included, as udev and umockdev see them).
 */
final class SysDevice {
  /** Attribute files larger than this are left out (none of a device's text attributes is). */
  static final int MAX_ATTRIBUTE = 1 << 20;

  private final Path dir;
  private final String devpath;
  private List<String> uevent;

  SysDevice(Path dir, String devpath) {
    this.dir = dir;
    this.devpath = devpath;
  }

  Path dir() {
    return dir;
  }

  String devpath() {
    return devpath;
  }

  /** The last component of the devpath. */
  String sysname() {
    return devpath.substring(devpath.lastIndexOf('/') + 1);
  }

  /** The trailing digits of the sysname (udev's sysnum), or null. */
  String sysnum() {
    String n = sysname();
    int i = n.length();
    while (i > 0 && Character.isDigit(n.charAt(i - 1))) {
      i--;
    }
    return i == n.length() ? null : n.substring(i);
  }

  String subsystem() {
    return linkName("subsystem");
  }

  String driver() {
    return linkName("driver");
  }

  /** The {@code KEY=VALUE} lines of the uevent file, in its order. */
  List<String> uevent() {
    if (uevent == null) {
      List<String> lines = new ArrayList<>();
      byte[] data = read("uevent");
      if (data != null) {
        for (String l : new String(data, StandardCharsets.ISO_8859_1).split("\n")) {
          if (!l.isEmpty()) {
            lines.add(l);
          }
        }
      }
      uevent = List.copyOf(lines);
    }
    return uevent;
  }

  /** The value of uevent key {@code key}, or null. */
  String ueventValue(String key) {
    for (String l : uevent()) {
      if (l.startsWith(key) && l.length() > key.length() && l.charAt(key.length()) == '=') {
        return l.substring(key.length() + 1);
      }
    }
    return null;
  }

  /** DEVNAME relative to /dev, or null. */
  String devname() {
    return ueventValue("DEVNAME");
  }

  /** {@code b} or {@code c} and MAJOR:MINOR, or null without a device number. */
  String devnum() {
    String major = ueventValue("MAJOR");
    String minor = ueventValue("MINOR");
    if (major == null || minor == null) {
      return null;
    }
    return ("block".equals(subsystem()) ? "b " : "c ") + major + ":" + minor;
  }

  /** The name of this device's file in udev's database (sd-device's device id). */
  String udevId() {
    String num = devnum();
    if (num != null) {
      return num.charAt(0) + num.substring(2);
    }
    String ifindex = ueventValue("IFINDEX");
    if ("net".equals(subsystem()) && ifindex != null) {
      return "n" + ifindex;
    }
    return "+" + subsystem() + ":" + sysname().replace('/', '!');
  }

  /**
   * The bytes of attribute {@code name}, or null when it cannot be read: no read permission bit
   * (a write-only attribute; root could read a plain file anyway), a read error, too large.
   */
  byte[] read(String name) {
    Path p = dir.resolve(name);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_ATTRIBUTE
          || (Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).stream().noneMatch(
              x -> x == PosixFilePermission.OWNER_READ || x == PosixFilePermission.GROUP_READ || x == PosixFilePermission.OTHERS_READ))) {
        return null;
      }
      return Files.readAllBytes(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** An entry of the device directory: a file or a link (target kept verbatim). */
  record Entry(String name, Path path, String linkTarget) {
    boolean isLink() {
      return linkTarget != null;
    }
  }

  /**
   * The regular files and symlinks of the device, names relative to its directory, sorted;
   * subdirectories are entered unless they are devices (have a {@code uevent} file).
   */
  List<Entry> entries() {
    TreeMap<String, Entry> out = new TreeMap<>();
    collect(dir, "", out);
    return List.copyOf(out.values());
  }

  private static void collect(Path d, String prefix, TreeMap<String, Entry> out) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        String name = prefix + p.getFileName();
        if (Files.isSymbolicLink(p)) {
          out.put(name, new Entry(name, p, Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          if (!Files.exists(p.resolve("uevent"), LinkOption.NOFOLLOW_LINKS)) {
            collect(p, name + "/", out);
          }
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(name, new Entry(name, p, null));
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable directory adds nothing, as for udev
    }
  }

  private String linkName(String link) {
    try {
      String target = Files.readSymbolicLink(dir.resolve(link)).toString();
      return target.substring(target.lastIndexOf('/') + 1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
