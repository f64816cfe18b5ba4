package org.sysfsemu.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test programs of src/test/c, compiled once per build into target/ with the system's cc. */
public final class CPrograms {
  private CPrograms() {}

  /** {@code src/test/c/NAME.c} built as {@code target/NAME}, or {@code target/NAME-static} with -static. */
  public static synchronized Path binary(String name, boolean statically) throws IOException, InterruptedException {
    Path source = Path.of("src/test/c", name + ".c");
    Path binary = Path.of("target", name + (statically ? "-static" : ""));
    if (!Files.exists(binary) || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0) {
      List<String> cmd = new ArrayList<>(List.of("cc", "-O2", "-Wall", "-Wextra", "-Werror"));
      if (statically) {
        cmd.add("-static");
      }
      cmd.addAll(List.of("-o", binary.toString(), source.toString()));
      Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (cc.waitFor() != 0) {
        throw new IOException("cc failed: " + out);
      }
    }
    return binary.toAbsolutePath();
  }
}
