package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host directory that becomes the sandbox's /run: what udev clients look for before they
 * listen ({@code udev/control}: libudev and sd-device monitors of the udev group stay off without
 * it) and where the udev database lives ({@code udev/data}, {@code udev/tags}).
 */
public final class RunDirectory {
  private RunDirectory() {}

  /** Where a temporary /run is made when a tmpfs is at hand, as the real /run is one. */
  private static final Path SHM = Path.of("/dev/shm");

  /**
   * A new, private directory for a sandbox's /run: on {@code /dev/shm} (a tmpfs on Linux) when
   * it is a writable directory, else in {@code java.io.tmpdir}. The udev database is thousands of
   * small files for a big tree; created on tmpfs they are written several times faster than on a
   * disk file system, as udevd's are in the real /run.
   */
  public static Path createTemporary() throws IOException {
    if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
      try {
        return Files.createTempDirectory(SHM, "sysfs-emu-run");
      } catch (IOException e) {
        // e.g. a full or read-only /dev/shm: the usual temporary directory will do
      }
    }
    return Files.createTempDirectory("sysfs-emu-run");
  }

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
