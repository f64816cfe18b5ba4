package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --sys}/{@code --dev} pair every command that talks to a running emulator accepts.
 * Without them, {@code SYSFS_EMU_SYS} and {@code SYSFS_EMU_DEV} from the environment count as
 * given (the sandbox sets them to /sys and /dev); else the emulator is found by itself: {@code
 * /tmp/sys} and {@code /tmp/dev} when an emulator serves them, else the only sysfs-emu mounts in
 * {@code /proc/self/mountinfo}. A directory given alone is paired with the mount next to it.
 */
final class EmulatorOptions {
  static final String DEFAULT_SYS = "/tmp/sys";
  static final String DEFAULT_DEV = "/tmp/dev";

  @Option(names = "--sys", paramLabel = "DIR", defaultValue = "${env:SYSFS_EMU_SYS}",
      description = "The /sys of the running emulator (default: $SYSFS_EMU_SYS, else found by itself, else " + DEFAULT_SYS + ").")
  Path sysOption;

  @Option(names = "--dev", paramLabel = "DIR", defaultValue = "${env:SYSFS_EMU_DEV}",
      description = "The /dev of the running emulator (default: $SYSFS_EMU_DEV, else found by itself, else " + DEFAULT_DEV + ").")
  Path devOption;

  private Path sys;
  private Path dev;

  /** The /sys directory to use. */
  Path sys() {
    resolve();
    return sys;
  }

  /** The /dev directory to use. */
  Path dev() {
    resolve();
    return dev;
  }

  /** Whether {@code --sys} names the machine's own /sys (record and info read the real one). */
  boolean isHostSys() {
    return sysOption != null && sysOption.toAbsolutePath().normalize().equals(Path.of("/sys"));
  }

  private void resolve() {
    if (sys != null) {
      return;
    }
    List<Path[]> mounts = emulatorMounts();
    if (sysOption != null && devOption != null) {
      sys = sysOption;
      dev = devOption;
    } else if (sysOption != null) {
      sys = sysOption;
      dev = partner(mounts, sysOption, 0, 1, isHostSys() ? Path.of("/dev") : sysOption.resolveSibling("dev"));
    } else if (devOption != null) {
      dev = devOption;
      sys = partner(mounts, devOption, 1, 0, devOption.resolveSibling("sys"));
    } else {
      Path defSys = Path.of(DEFAULT_SYS);
      Path defDev = Path.of(DEFAULT_DEV);
      Path[] only = mounts.size() == 1 ? mounts.get(0) : null;
      boolean defaultsServed = mounts.stream().anyMatch(m -> defSys.equals(m[0]));
      sys = defaultsServed || only == null ? defSys : only[0];
      dev = defaultsServed || only == null ? defDev : only[1];
    }
  }

  /** The other half of the pair holding {@code given} at index {@code have}, else {@code fallback}. */
  private static Path partner(List<Path[]> mounts, Path given, int have, int want, Path fallback) {
    Path abs = given.toAbsolutePath().normalize();
    for (Path[] m : mounts) {
      if (abs.equals(m[have]) && m[want] != null) {
        return m[want];
      }
    }
    return fallback;
  }

  /**
   * The sysfs-emu mounts of this mount namespace as {sys, dev} pairs: a sys mount is paired with
   * the dev mount in the same parent directory, or with the only dev mount.
   */
  static List<Path[]> emulatorMounts() {
    List<Path> sysMounts = mountPoints("fuse.sysfs");
    List<Path> devMounts = mountPoints("fuse.devtmpfs");
    List<Path[]> pairs = new ArrayList<>();
    for (Path s : sysMounts) {
      Path d = devMounts.stream().filter(p -> p.getParent() != null && p.getParent().equals(s.getParent()))
          .findFirst().orElse(devMounts.size() == 1 ? devMounts.get(0) : null);
      pairs.add(new Path[] {s, d});
    }
    return pairs;
  }

  /** The mount points of sysfs-emu's filesystems of type {@code fstype} (or of any type for null). */
  static List<Path> mountPoints(String fstype) {
    List<Path> points = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        int dash = line.indexOf(" - ");
        if (dash < 0) {
          continue;
        }
        String[] pre = line.substring(0, dash).split(" ");
        String[] post = line.substring(dash + 3).split(" ");
        if (pre.length >= 5 && post.length >= 2 && post[1].equals("sysfs-emu")
            && (fstype == null || post[0].equals(fstype))) {
          points.add(Path.of(unescape(pre[4])));
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return points;
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
