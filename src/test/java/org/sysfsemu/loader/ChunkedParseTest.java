package org.sysfsemu.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysfsemu.bench.TreeGenerator;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * A text parsed in parts on several threads gives the specs and the errors of one pass: parts cut
 * at empty lines, line numbers counted across them, the first error in file order.
 */
class ChunkedParseTest {
  private static final String NULL = "P: /devices/virtual/mem/null\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=3\n";
  private static final String ZERO = "P: /devices/virtual/mem/zero\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=5\n";

  /** Everything a spec holds, attribute contents as text (each thread pools its own arrays). */
  private static String describe(DeviceSpec s) {
    return String.join("|", s.devpath(), s.subsystem(), String.valueOf(s.isClass()), String.valueOf(s.devtype()),
        String.valueOf(s.driver()), String.valueOf(s.devt()), String.valueOf(s.devnodeName()),
        s.devmode() + "," + s.devuid() + "," + s.devgid(), s.ueventVars().toString(), s.udevProperties().toString(),
        s.attributes().stream()
            .map(a -> a.name() + "=" + new String(a.value(), StandardCharsets.ISO_8859_1) + (a.binary() ? "b" : "")
                + (a.writable() ? "w" : ""))
            .collect(Collectors.joining(",")),
        s.links().toString(), s.devlinks().toString(), s.source());
  }

  private static List<String> describe(List<DeviceSpec> specs) {
    return specs.stream().map(ChunkedParseTest::describe).toList();
  }

  /** One pass, and parts of every size from one paragraph up, on one to three threads. */
  private static void assertSameAsOnePass(String text) throws TreeFormatException {
    List<String> once = describe(TreeLoader.parse("t", text, 1, Integer.MAX_VALUE));
    for (int chunk : new int[] {1, 40, 200, 1000}) {
      for (int threads = 1; threads <= 3; threads++) {
        assertEquals(once, describe(TreeLoader.parse("t", text, threads, chunk)), "chunk " + chunk + ", threads " + threads);
      }
    }
  }

  private static String errorOf(String text, int threads, int chunk) {
    return assertThrows(TreeFormatException.class, () -> TreeLoader.parse("bad.umockdev", text, threads, chunk))
        .getMessage();
  }

  /** The one-pass error of {@code text}, which every split gives too. */
  private static String assertSameErrorAsOnePass(String text) {
    String once = errorOf(text, 1, Integer.MAX_VALUE);
    for (int chunk : new int[] {1, 30, 100}) {
      for (int threads = 1; threads <= 3; threads++) {
        assertEquals(once, errorOf(text, threads, chunk), "chunk " + chunk + ", threads " + threads);
      }
    }
    return once;
  }

  @Test
  void partsStartAfterAnEmptyLine() {
    String text = NULL + "\n\n" + ZERO + "\n" + NULL;
    List<RecordChunks.Chunk> chunks = RecordChunks.split(text, 1);
    assertEquals(3, chunks.size());
    int from = 0;
    for (RecordChunks.Chunk c : chunks) {
      assertEquals(from, c.from());
      assertTrue(c.from() == 0 || text.startsWith("\n\n", c.from() - 2), c.toString());
      from = c.to();
    }
    assertEquals(text.length(), from);
    assertEquals(1, RecordChunks.split(text, text.length()).size());
    assertEquals(1, RecordChunks.split(NULL + NULL, 1).size(), "no empty line: one part");
  }

  @Test
  void aGeneratedTreeParsesTheSameInParts() throws Exception {
    assertSameAsOnePass(TreeGenerator.generate(200));
  }

  @Test
  void childrenBeforeParentsAcrossParts() throws Exception {
    for (int threads = 1; threads <= 3; threads++) {
      assertEquals(TreeLoaderTest.CHILDREN_FIRST_ADDED,
          TreeLoader.parse("order", TreeLoaderTest.CHILDREN_FIRST, threads, 1).stream().map(DeviceSpec::devpath).toList());
    }
    assertSameAsOnePass(TreeLoaderTest.CHILDREN_FIRST);
  }

  @Test
  void aDuplicateInALaterPartNamesTheFirstLine() {
    String text = NULL + "\n" + ZERO + "\n" + NULL;
    assertEquals("bad.umockdev:11: duplicate device /devices/virtual/mem/null (first at line 1)",
        assertSameErrorAsOnePass(text));
  }

  @Test
  void aDuplicateWinsOverItsOwnBadRecord() {
    String text = NULL + "\n" + ZERO + "\nP: /devices/virtual/mem/null\nA: x=1\n";
    assertEquals("bad.umockdev:11: duplicate device /devices/virtual/mem/null (first at line 1)",
        assertSameErrorAsOnePass(text));
  }

  @Test
  void aFormatErrorInTheSecondPartWinsOverABadRecordInTheFirst() {
    String text = "P: /devices/virtual/mem/x\nA: y=1\n\n" + ZERO + "\n" + NULL + "X: foo\n";
    assertEquals("bad.umockdev:13: unknown line type 'X:' (known: P N S E A H L)", assertSameErrorAsOnePass(text));
  }

  @Test
  void theFirstBadRecordInFileOrderWins() {
    String text = NULL + "\nP: /devices/virtual/mem/x\nA: y=1\n\n" + ZERO + "\nP: /devices/virtual/mem/w\nA: y=1\n\n"
        + NULL;
    assertEquals("bad.umockdev:6: missing SUBSYSTEM property (add an 'E: SUBSYSTEM=...' line)",
        assertSameErrorAsOnePass(text));
  }

  @Test
  void theFirstFormatErrorInFileOrderWins() {
    String text = NULL + "\n" + ZERO + "# one\n\n" + NULL + "# two\n";
    assertEquals("bad.umockdev:10: comment lines are not allowed in a record file", assertSameErrorAsOnePass(text));
  }

  static Stream<Arguments> malformed() {
    return TreeLoaderTest.malformed();
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void everyErrorIsTheSameAfterOtherParts(String bad, int line, String reason) {
    // two good paragraphs first: the bad one is in the third part at the smallest size
    String text = ZERO.replace("zero", "one") + "\n" + ZERO.replace("zero", "two").replace("=5", "=6") + "\n" + bad;
    String message = assertSameErrorAsOnePass(text);
    assertTrue(message.startsWith("bad.umockdev:" + (line + 10) + ": "), message);
    assertTrue(message.contains(reason), message);
  }

  /** The batches a sink gets from a parse in parts of {@code chunk} characters on {@code threads} threads. */
  private static List<List<String>> batches(String text, int threads, int chunk) throws TreeFormatException {
    List<List<String>> got = new ArrayList<>();
    int[] totals = {-1};
    int n = TreeLoader.parse("t", text, threads, chunk, (batch, total) -> {
      got.add(batch.stream().map(DeviceSpec::devpath).toList());
      totals[0] = total;
    });
    assertEquals(got.stream().mapToInt(List::size).sum(), n, "the count returned is what was handed on");
    assertEquals(n, totals[0], "every batch knows the total");
    return got;
  }

  @Test
  void aFileWrittenParentsFirstIsHandedOnPartByPartInFileOrder() throws Exception {
    String text = TreeGenerator.generate(100);
    List<String> once = TreeLoader.parse("t", text, 1, Integer.MAX_VALUE).stream().map(DeviceSpec::devpath).toList();
    for (int threads = 1; threads <= 3; threads++) {
      List<List<String>> got = batches(text, threads, 2000);
      assertTrue(got.size() > 5, "one batch per part: " + got.size());
      assertEquals(once, got.stream().flatMap(List::stream).toList(), "threads " + threads);
    }
  }

  @Test
  void aDeviceWhoseParentIsRecordedInALaterPartWaitsForTheWholeParse() throws Exception {
    // the first part is handed on; the child in the second waits for its parent in the third
    String text = NULL + "\n" + "P: /devices/pci0000:00/0000:00:01.0/net/eth0\nE: SUBSYSTEM=net\nE: INTERFACE=eth0\n\n"
        + ZERO + "\nP: /devices/pci0000:00/0000:00:01.0\nE: SUBSYSTEM=pci\n";
    assertEquals(List.of(List.of("/devices/virtual/mem/null"),
        List.of("/devices/pci0000:00/0000:00:01.0", "/devices/pci0000:00/0000:00:01.0/net/eth0", "/devices/virtual/mem/zero")),
        batches(text, 2, 1));
  }

  @Test
  void aFormatErrorAfterHandedOnPartsStillFailsTheParse() {
    String text = TreeGenerator.generate(50) + "\nP: /devices/virtual/mem/x\nQ: what\n";
    List<DeviceSpec> handed = new ArrayList<>();
    TreeFormatException e = assertThrows(TreeFormatException.class,
        () -> TreeLoader.parse("bad.umockdev", text, 2, 2000, (batch, total) -> handed.addAll(batch)));
    assertFalse(handed.isEmpty(), "parts before the bad one were handed on");
    assertEquals("bad.umockdev:" + (text.lines().count()) + ": unknown line type 'Q:' (known: P N S E A H L)",
        e.getMessage());
  }

  @Test
  void whenTheSinkFailsAFormatErrorFurtherOnWins() {
    String bad = NULL + "\n" + ZERO + "\n" + "P: /devices/virtual/mem/x\nQ: what\n";
    SysfsException refused = new SysfsException(Errno.EEXIST, "refused");
    TreeFormatException e = assertThrows(TreeFormatException.class,
        () -> TreeLoader.parse("bad.umockdev", bad, 2, 1, (batch, total) -> {
          throw refused;
        }));
    assertEquals("bad.umockdev:12: unknown line type 'Q:' (known: P N S E A H L)", e.getMessage());
    assertEquals(List.of(refused), List.of(e.getSuppressed()), "the sink's failure is kept beside it");
    assertNoParseThreadLeft();

    String good = NULL + "\n" + ZERO;
    assertSame(refused, assertThrows(SysfsException.class,
        () -> TreeLoader.parse("good.umockdev", good, 2, 1, (batch, total) -> {
          throw refused;
        })), "the sink's own failure, when the text parses");
    assertNoParseThreadLeft();
  }

  /** Every helper thread of a parse has ended when the parse returns or throws. */
  private static void assertNoParseThreadLeft() {
    List<String> left = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("tree-parse-") && t.isAlive()).map(Thread::getName).toList();
    assertEquals(List.of(), left);
  }
}
