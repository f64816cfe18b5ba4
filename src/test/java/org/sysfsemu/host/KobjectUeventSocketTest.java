package org.sysfsemu.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket's refusals name the step and the C library's errno (read right after the failing
 * call). Opening one for real, and the events sent through it, are checked where a sandbox runs
 * (the sandbox's integration tests): a socket here would be in the host's namespace.
 */
class KobjectUeventSocketTest {
  @Test
  void aMissingNamespaceFileIsRefusedWithItsErrno(@TempDir Path dir) {
    Path missing = dir.resolve("net");
    IOException e = assertThrows(IOException.class, () -> KobjectUeventSocket.open(missing));
    assertEquals("open " + missing + ": ENOENT (No such file or directory)", e.getMessage());
  }

  @Test
  void aFileThatIsNoNamespaceIsRefusedBySetns(@TempDir Path dir) throws IOException {
    Path plain = Files.writeString(dir.resolve("net"), "not a namespace\n");
    IOException e = assertThrows(IOException.class, () -> KobjectUeventSocket.open(plain));
    assertEquals("setns " + plain + ": EINVAL (Invalid argument)", e.getMessage());
  }
}
