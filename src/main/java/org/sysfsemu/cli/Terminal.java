package org.sysfsemu.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the standard streams are terminals (for colour and progress), as isatty(3) says. */
final class Terminal {
  private Terminal() {}

  /** Whether standard output is a terminal and NO_COLOR is not set. */
  static boolean stdoutIsTerminal() {
    return isTerminal(1) && System.getenv("NO_COLOR") == null;
  }

  static boolean stderrIsTerminal() {
    return isTerminal(2);
  }

  /** A descriptor is a terminal when /proc/self/fd/N names a tty or pts device. */
  private static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (Exception e) {
      return false;
    }
  }
}
