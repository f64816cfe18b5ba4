package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The mountpoint checks, without mounting anything. */
class MountPointsTest {
  @TempDir Path tmp;

  @Test
  void mountinfoEscapesAreUndone() {
    assertEquals("/tmp/a b\tc\\d", MountPoints.unescape("/tmp/a\\040b\\011c\\134d"));
    assertEquals("/plain", MountPoints.unescape("/plain"));
    assertEquals("/x\\9", MountPoints.unescape("/x\\9"));
  }

  @Test
  void rootIsAMountPointAndAFreshDirectoryIsNot() throws IOException {
    assertTrue(MountPoints.isMountPoint(Paths.get("/")));
    assertFalse(MountPoints.isMountPoint(tmp.toRealPath()));
  }

  @Test
  void aMissingMountpointIsCreated() throws IOException {
    Path p = MountPoints.prepare(tmp.resolve("a/b/sys"));
    assertTrue(Files.isDirectory(p));
    assertEquals(tmp.toRealPath().resolve("a/b/sys"), p);
  }

  @Test
  void anEmptyDirectoryIsAccepted() throws IOException {
    assertEquals(tmp.toRealPath(), MountPoints.prepare(tmp));
  }

  @Test
  void aNonEmptyDirectoryOrAFileIsRefusedInOneLine() throws IOException {
    Files.writeString(tmp.resolve("f"), "x");
    IOException full = assertThrows(IOException.class, () -> MountPoints.prepare(tmp));
    assertEquals(
        "cannot mount at " + tmp.toRealPath() + ": directory is not empty", full.getMessage());
    IOException file = assertThrows(IOException.class, () -> MountPoints.prepare(tmp.resolve("f")));
    assertEquals(
        "cannot mount at " + tmp.toRealPath().resolve("f") + ": not a directory",
        file.getMessage());
  }

  @Test
  void anExistingMountIsRefused() {
    IOException e = assertThrows(IOException.class, () -> MountPoints.prepare(Paths.get("/dev/pts")));
    assertEquals("cannot mount at /dev/pts: it is already a mount point", e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/sys, it is this process's own /sys",
    "/sys/fs/cgroup/x, it is inside this process's own /sys",
    "/dev, it is this process's own /dev",
    "/proc, it is this process's own /proc",
    "/proc/1/x, it is inside this process's own /proc",
    "/, it is above this process's own /sys",
  })
  void theEmulatorsOwnSysDevAndProcAreRefused(String path, String why) {
    IOException e = assertThrows(IOException.class, () -> MountPoints.prepare(Paths.get(path)));
    assertEquals("cannot mount at " + path + ": " + why + " (the emulator must never find its mounts there;"
        + " 'sysfs-emu run' gives tools the emulated /sys and /dev at their real paths)", e.getMessage());
  }
}
