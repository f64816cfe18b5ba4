package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MountOwnerTest {
  private static int id(String flag) throws Exception {
    Process p = new ProcessBuilder("id", flag).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    return Integer.parseInt(out);
  }

  @Test
  void rootOwnedNodesAreReportedAsTheMountingUser() throws Exception {
    assertEquals(id("-u"), MountOwner.UID);
    assertEquals(id("-g"), MountOwner.GID);
    assertEquals(id("-u"), MountOwner.uid(0));
    assertEquals(id("-g"), MountOwner.gid(0));
  }

  @Test
  void otherOwnersAreKept() {
    assertEquals(1234, MountOwner.uid(1234));
    assertEquals(6, MountOwner.gid(6));
  }
}
