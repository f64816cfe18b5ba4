package org.sysfsemu.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the shared test data (../shared/testdata beside the checkout). */
public final class TestData {
  private TestData() {}

  /** The shared testdata directory; fails the test clearly when it is missing. */
  public static Path dir() {
    String prop = System.getProperty("sysfsemu.testdata");
    Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared", "testdata");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("shared test data not found at " + p.toAbsolutePath());
    }
    return p;
  }

  public static Path kernelUevents() {
    return dir().resolve("kernel-uevents");
  }

  public static Path umockdevFixtures() {
    return dir().resolve("umockdev-fixtures");
  }
}
