package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Finds the util-linux tools the sandbox runs, by absolute path (helpers get no PATH). */
final class Tools {
  private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  private Tools() {}

  static String find(String name) throws IOException {
    for (String d : DIRS) {
      Path p = Paths.get(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IOException("'" + name + "' is missing (it comes with util-linux: apt-get install util-linux)");
  }
}
