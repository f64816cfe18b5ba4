package org.sysfsemu.control;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** When a command file runs what was written to it, and what reading it gives back. */
class CommandFileTest {
  private final List<String> ran = new ArrayList<>();
  private final Results results = new Results();
  private final CommandQueue queue = new CommandQueue();

  @AfterEach
  void stopQueue() {
    queue.close();
  }

  private ControlSession open(boolean paragraphs) {
    return new CommandFile(text -> {
      if (text.contains("bad")) {
        throw new SysfsException(Errno.ENODEV, "no such thing: " + text.strip());
      }
      ran.add(text);
      return "ok: " + ran.size();
    }, paragraphs, results, queue).open(0);
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
    assertEquals("error: no such thing: bad one", results.get(0));
    assertArrayEquals(b("error: no such thing: bad one\n"), s.read(4096, 0));
  }

  @Test
  void anEmptyLineIsAnEmptyCommandNotNothing() throws Exception {
    ControlSession s = open(false);
    s.write(b("\n"));
    assertEquals(List.of(""), ran, "the command sees the empty line and may refuse it");
  }

  @Test
  void statusShowsEachUserTheirOwnResultWithControlBytesEscaped() throws Exception {
    ControlSession s = open(false);
    assertThrows(SysfsException.class, () -> s.write(b("bad \u001b[31mred\n")));
    assertEquals("error: no such thing: bad \\x1b[31mred", results.get(0));
    assertEquals(Results.NONE, results.get(65534), "another user sees none of it");
    assertArrayEquals(b("error: no such thing: bad \\x1b[31mred\n"), s.read(4096, 0));
  }

  @Test
  void aWriterWaitingForAnotherCommandCanBeInterruptedAndItsCommandIsDropped() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> done = new CopyOnWriteArrayList<>();
    CommandFile file = new CommandFile(text -> {
      running.countDown();
      if (text.equals("slow")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      done.add(text);
      return "ok: " + text;
    }, false, results, queue);
    ControlSession first = file.open(0);
    AtomicBoolean firstInterrupted = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      try {
        first.write(b("slow\n"), firstInterrupted::get);
      } catch (SysfsException e) {
        done.add("first: " + e.errno());
      }
    });
    writer.start();
    running.await();
    ControlSession second = file.open(0);
    long t0 = System.nanoTime();
    SysfsException e = assertThrows(SysfsException.class, () -> second.write(b("queued\n"), () -> true));
    assertEquals(Errno.EINTR, e.errno());
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "answered at once");
    firstInterrupted.set(true); // SIGKILL of the first writer while its command runs
    writer.join(2000);
    assertFalse(writer.isAlive(), "the interrupted writer got its answer");
    assertEquals(List.of("first: EINTR"), done);
    release.countDown();
    queue.run(() -> "barrier", () -> false);
    assertEquals(List.of("first: EINTR", "slow"), done, "a started command runs to its end; the queued one never ran");
    assertEquals("ok: slow", results.get(0));
  }
}
