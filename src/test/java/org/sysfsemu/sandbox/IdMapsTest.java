package org.sysfsemu.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapsTest {
  @TempDir Path dir;

  @Test
  void theInitialNamespacesMapStaysTheIdentityOverEveryId() throws IOException {
    assertEquals("0 0 4294967295\n", IdMaps.identity(map("         0          0 4294967295\n")));
  }

  @Test
  void inAUserNamespaceOfItsOwnOnlyTheIdsItHasAreMapped() throws IOException {
    assertEquals("0 0 1\n", IdMaps.identity(map("         0      65534          1\n")));
    assertEquals("0 0 1\n1000 1000 5\n", IdMaps.identity(map("0 1000 1\n1000 100000 5\n")));
  }

  @Test
  void aMapWithNoIdsIsRefused() throws IOException {
    IOException e = assertThrows(IOException.class, () -> IdMaps.identity(map("")));
    assertEquals(dir.resolve("uid_map") + " maps no ids", e.getMessage());
  }

  private Path map(String text) throws IOException {
    return Files.writeString(dir.resolve("uid_map"), text);
  }
}
