package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** The emulator process's own real uid and gid, from /proc/self/status. */
final class Ids {
  private Ids() {}

  static long uid() throws IOException {
    return field("Uid:");
  }

  static long gid() throws IOException {
    return field("Gid:");
  }

  private static long field(String name) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no " + name + " in /proc/self/status");
  }
}
