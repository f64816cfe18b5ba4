package org.sysfsemu.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class RunDirectoryTest {
  @Test
  void aTemporaryRunIsAPrivateDirectoryOnDevShmWhenThatIsWritable() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm here");
    Path run = RunDirectory.createTemporary();
    try {
      assertEquals(shm, run.getParent(), "on the tmpfs, as the real /run");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
      RunDirectory.prepare(run);
      assertTrue(Files.isRegularFile(run.resolve("udev/control")), "what udev clients look for");
    } finally {
      try (var walk = Files.walk(run)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
