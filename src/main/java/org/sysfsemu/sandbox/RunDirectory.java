package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host directory that becomes the sandbox's /run: what udev clients look for before they
 * listen ({@code udev/control}: libudev and sd-device monitors of the udev group stay off without
 * it) and where the udev database lives ({@code udev/data}, {@code udev/tags}).
 */
final class RunDirectory {
  private RunDirectory() {}

  static void prepare(Path run) throws IOException {
    Files.createDirectories(run.resolve("udev/data"));
    Files.createDirectories(run.resolve("udev/tags"));
    Files.createDirectories(run.resolve("lock"));
    Path control = run.resolve("udev/control");
    if (!Files.exists(control)) {
      Files.createFile(control);
    }
  }
}
