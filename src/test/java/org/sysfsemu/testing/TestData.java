package org.sysfsemu.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the test data kept in the repository, src/test/resources/testdata (see its README.md
 * for provenance and licences). The build passes the directory as the {@code sysfsemu.testdata}
 * system property; without it the path is taken relative to the working directory, the project's
 * base directory under Maven.
 */
public final class TestData {
  private TestData() {}

  /** The testdata directory; fails the test clearly when it is missing. */
  public static Path dir() {
    String prop = System.getProperty("sysfsemu.testdata");
    Path p = prop != null ? Paths.get(prop) : Paths.get("src", "test", "resources", "testdata");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("test data not found at " + p.toAbsolutePath());
    }
    return p;
  }

  /** Golden data of a real kernel: devices.umockdev and real-events.json. */
  public static Path kernelUevents() {
    return dir().resolve("kernel-uevents");
  }

  /** umockdev's upstream recordings (*.umockdev, LGPL-2.1-or-later). */
  public static Path umockdevFixtures() {
    return dir().resolve("umockdev-fixtures");
  }
}
