package org.sysfsemu.control;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** When a command file runs what was written to it, and what reading it gives back. */
class CommandFileTest {
  private final List<String> ran = new ArrayList<>();
  private final AtomicReference<String> status = new AtomicReference<>("none");

  private ControlSession open(boolean paragraphs) {
    return new CommandFile(text -> {
      if (text.contains("bad")) {
        throw new SysfsException(Errno.ENODEV, "no such thing: " + text.strip());
      }
      ran.add(text);
      return "ok: " + ran.size();
    }, paragraphs, status).open(0);
  }

  private static byte[] b(String s) {
    return s.getBytes(ISO_8859_1);
  }

  @Test
  void linesRunWhenCompletedEvenAcrossWrites() throws Exception {
    ControlSession s = open(false);
    s.write(b("one"));
    assertEquals(List.of(), ran);
    s.write(b(" more\ntwo\nthr"));
    assertEquals(List.of("one more", "two"), ran);
    s.write(b("ee"));
    s.flush();
    assertEquals(List.of("one more", "two", "three"), ran);
    assertArrayEquals(b("ok: 3\n"), s.read(4096, 0));
    assertArrayEquals(ControlSession.EOF, s.read(4096, 0));
  }

  @Test
  void paragraphsRunAtAShortWriteEndingWithABlankLineOrAtClose() throws Exception {
    ControlSession s = open(true);
    s.write(b("P: /devices/a\n"));
    s.write(b("\n"));
    assertEquals(List.of("P: /devices/a\n\n"), ran, "a lone newline after a line ends the set");

    byte[] full = new byte[CommandFile.FULL_WRITE];
    Arrays.fill(full, (byte) 'x');
    full[full.length - 2] = '\n';
    full[full.length - 1] = '\n';
    s.write(full);
    assertEquals(1, ran.size(), "a full 4096-byte piece may continue: not run yet");
    s.write(b("P: /devices/b\n"));
    s.flush();
    assertEquals(2, ran.size());
    assertEquals(CommandFile.FULL_WRITE + "P: /devices/b\n".length(), ran.get(1).length());
  }

  @Test
  void aFailingCommandFailsTheWriteAndIsReported() throws Exception {
    ControlSession s = open(false);
    SysfsException e = assertThrows(SysfsException.class, () -> s.write(b("bad one\n")));
    assertEquals(Errno.ENODEV, e.errno());
    assertEquals("error: no such thing: bad one", status.get());
    assertArrayEquals(b("error: no such thing: bad one\n"), s.read(4096, 0));
  }
}
