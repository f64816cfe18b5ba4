package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.uevent.UEventHelperPath;
import picocli.CommandLine.Option;

/** How to start an emulator: the options {@code mount} and {@code run} share. */
final class StartOptions {
  // two plain options checked in validate(): picocli lists an argument group of a mixin twice in help
  @Option(names = "--tree", paramLabel = "FILE", description = "Load this .umockdev tree instead of the default one.")
  Path treeFile;

  @Option(names = "--empty", description = "Start with no devices.")
  boolean empty;

  @Option(names = "--helper", paramLabel = "PATH", defaultValue = "",
      description = "Set /sys/kernel/uevent_helper at start (a program run for every event, like mdev).")
  String helper;

  @Option(names = "--max-helpers", paramLabel = "N", defaultValue = "8",
      description = "How many helper processes may run at once; the rest wait in SEQNUM order (default: ${DEFAULT-VALUE}).")
  int maxHelpers;

  @Option(names = "--rcvbuf", paramLabel = "BYTES", defaultValue = "212992",
      description = "Receive budget of each /dev/uevent reader, like SO_RCVBUF (default: ${DEFAULT-VALUE}, the kernel's).")
  int rcvbuf;

  @Option(names = "--allow-other", description = "Let other users use the mounts (needs user_allow_other in /etc/fuse.conf unless root).")
  boolean allowOther;

  @Option(names = "--cache-timeout", paramLabel = "SECONDS",
      defaultValue = "" + SysfsEmu.Builder.DEFAULT_CACHE_TIMEOUT_SECONDS,
      description = "How long the kernel may cache names, attributes and link texts of /sys; every change of the tree drops what it touched at once (default: ${DEFAULT-VALUE}; 0: never cached).")
  double cacheTimeout;

  @Option(names = "--dev-cache-timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "How long the kernel may cache names and attributes of /dev; a removed node may then still show in stat for that long (default: ${DEFAULT-VALUE}, always fresh).")
  double devCacheTimeout;

  @Option(names = "--udevd",
      description = "Run the system's systemd-udevd in the sandbox against the emulated devices (docs/udev.md).")
  boolean udevd;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "With --udevd: a directory of udev rules, above the system's (it becomes /etc/udev/rules.d).")
  Path rules;

  /** The progress line of a long start (drawn on a terminal only); erased with {@code done()}. */
  final Progress progress = Progress.onTerminal();

  /** The first bad option, as a message; null when all are fine. */
  String validate() {
    if (treeFile != null && empty) {
      return "--tree and --empty are mutually exclusive (specify only one)";
    }
    if (rules != null && !udevd) {
      return "--rules needs --udevd";
    }
    if (rules != null && !java.nio.file.Files.isDirectory(rules)) {
      return "--rules: " + rules + " is not a directory";
    }
    if (helper.getBytes(StandardCharsets.ISO_8859_1).length + 1 > UEventHelperPath.PATH_LEN) {
      return "--helper: longer than 255 bytes (the kernel's limit)";
    }
    if (rcvbuf < 4096 || rcvbuf > (1 << 30)) {
      return "--rcvbuf must be between 4096 and 1073741824 bytes";
    }
    if (maxHelpers < 1) {
      return "--max-helpers must be at least 1";
    }
    if (!(cacheTimeout >= 0) || Double.isInfinite(cacheTimeout)) {
      return "--cache-timeout must be a number of seconds >= 0";
    }
    if (!(devCacheTimeout >= 0) || Double.isInfinite(devCacheTimeout)) {
      return "--dev-cache-timeout must be a number of seconds >= 0";
    }
    return null;
  }

  /** A builder with these options, mounting at {@code sys} and {@code dev}; reads the tree. */
  SysfsEmu.Builder builder(Path sys, Path dev) throws TreeFormatException, IOException {
    SysfsEmu.Builder builder = SysfsEmu.builder().progress(progress::show).helper(helper).maxHelpers(maxHelpers).rcvbuf(rcvbuf)
        .mount(sys, dev).allowOther(allowOther).cacheTimeout(cacheTimeout).devCacheTimeout(devCacheTimeout).udevd(udevd, rules);
    if (treeFile != null) {
      builder.tree(treeFile);
    } else if (!empty) {
      builder.defaultTree();
    }
    return builder;
  }
}
