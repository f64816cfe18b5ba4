package org.sysfsemu.devfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Regular files of the emulated /dev grow geometrically: a file written in small appends is
 * copied O(log n) times, not once per write (16 MB in 4 KB writes was 4096 copies, quadratic).
 */
class RegularFileGrowthTest {
  @Test
  void appendsCopyTheContentsLogarithmicallyOftenAndKeepThemExact() throws Exception {
    DevfsTree tree = new DevfsTree(Clock.systemUTC());
    DevfsNode.RegularFile f = tree.create("/log", 0644, 0, 0);
    byte[] chunk = new byte[4096];
    int copies = 0;
    byte[] room = f.data;
    for (int i = 0; i < 4096; i++) {
      Arrays.fill(chunk, (byte) i);
      tree.write(f, 0, chunk, true);
      if (f.data != room) {
        copies++;
        room = f.data;
      }
    }
    assertEquals(16 << 20, f.stat().size());
    assertTrue(copies <= 30, "copies: " + copies);
    assertArrayEquals(chunk, tree.read(f, (16 << 20) - 4096, 4096));
    tree.truncate(f, 10);
    tree.write(f, 20, new byte[] {7}, false);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, tree.read(f, 10, 100),
        "bytes between the old end and a write past it read as zero");
  }
}
