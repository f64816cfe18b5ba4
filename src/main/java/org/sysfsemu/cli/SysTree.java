package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A /sys directory (the machine's or an emulator's mount) as a set of devices: finding them all,
 * turning what a user types (a path in /sys, a devpath, a node name) into a device, and a
 * device's parents.
 */
final class SysTree {
  private final Path root;
  private final Path realRoot;
  private final Path dev;

  SysTree(Path root, Path dev) throws IOException {
    this.root = root;
    this.realRoot = root.toRealPath();
    this.dev = dev;
  }

  Path root() {
    return root;
  }

  Path dev() {
    return dev;
  }

  /** The device at {@code devpath}, or null when its directory has no uevent file. */
  SysDevice device(String devpath) {
    Path dir = realRoot.resolve(devpath.substring(1));
    return Files.isRegularFile(dir.resolve("uevent"), LinkOption.NOFOLLOW_LINKS) ? new SysDevice(dir, devpath) : null;
  }

  /** Every device with a subsystem, in devpath order (parents first). */
  List<SysDevice> all() throws IOException {
    TreeSet<String> found = new TreeSet<>();
    Files.walkFileTree(realRoot.resolve("devices"), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (Files.isRegularFile(d.resolve("uevent"), LinkOption.NOFOLLOW_LINKS)
            && Files.isSymbolicLink(d.resolve("subsystem"))) {
          found.add("/" + realRoot.relativize(d));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    List<SysDevice> out = new ArrayList<>();
    for (String p : found) {
      out.add(new SysDevice(realRoot.resolve(p.substring(1)), p));
    }
    return out;
  }

  /** The parents of {@code d} that are devices (have a uevent file), nearest first. */
  List<SysDevice> parents(SysDevice d) {
    List<SysDevice> out = new ArrayList<>();
    String p = d.devpath();
    for (int slash = p.lastIndexOf('/'); slash > "/devices".length(); slash = p.lastIndexOf('/')) {
      p = p.substring(0, slash);
      SysDevice parent = device(p);
      if (parent != null) {
        out.add(parent);
      }
    }
    return out;
  }

  /**
   * The device a user means: a devpath ({@code /devices/...}), a path in this /sys or written as
   * {@code /sys/...}, a /dev node or link ({@code /dev/sda1}, {@code sda1}, {@code
   * disk/by-id/...}). Null when there is none.
   */
  SysDevice find(String arg, UdevData udev) throws IOException {
    if (arg.startsWith("/devices/")) {
      return device(arg);
    }
    Path given = Path.of(arg);
    if (arg.startsWith("/sys/")) {
      given = root.resolve(arg.substring(5)); // /sys of the tree looked at, not of this machine
    } else if (arg.equals("/sys")) {
      return null;
    }
    if (Files.isDirectory(given) && Files.exists(given.resolve("uevent"))) {
      Path real = given.toRealPath();
      if (real.startsWith(realRoot)) {
        return device("/" + realRoot.relativize(real));
      }
    }
    return byName(arg, udev);
  }

  /** The device whose node or devlink is {@code name} (with or without {@code /dev/}). */
  SysDevice byName(String name, UdevData udev) throws IOException {
    String rel = name.startsWith("/dev/") ? name.substring(5) : name.startsWith(dev + "/") ? name.substring(dev.toString().length() + 1) : name;
    if (rel.startsWith("/")) {
      return null;
    }
    for (SysDevice d : all()) {
      if (rel.equals(d.devname()) || udev.of(d).links().contains(rel)) {
        return d;
      }
    }
    return null;
  }
}
