package org.sysfsemu.loader;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Paths with {@code .} or {@code ..} components are refused wherever a record names one. */
class DotPathTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "P: /devices/..\nE: SUBSYSTEM=mem\n",
      "P: /devices/virtual/.\nE: SUBSYSTEM=mem\n",
      "P: /devices/virtual/mem/..\nE: SUBSYSTEM=mem\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nA: x/./y=1\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nA: x/.=1\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nA: ./y=1\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=99\nE: DEVNAME=../../../../etc/passwd\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=99\nE: DEVNAME=/dev/a/../b\n",
      "P: /devices/virtual/mem/x\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=99\nE: DEVNAME=/dev/a/.\n",
  })
  void dotComponentsAreRefusedWithTheLine(String records) {
    TreeFormatException e = assertThrows(TreeFormatException.class, () -> TreeLoader.parse("t.umockdev", records));
    assertTrue(e.getMessage().startsWith("t.umockdev:"), e.getMessage());
  }

  @Test
  void controlBytesOfAQuotedLineAreEscaped() {
    TreeFormatException e = assertThrows(TreeFormatException.class,
        () -> TreeLoader.parse("t.umockdev", "root:$6$x\u001b]0;owned\u0007:19000::\n"));
    assertTrue(e.getMessage().contains("\\x1b]0;owned\\x07"), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
  }

  @Test
  void aDeviceFileIsRefusedInsteadOfReadToTheEnd() {
    IOException e = assertThrows(IOException.class, () -> TreeLoader.read(Path.of("/dev/zero")));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }
}
