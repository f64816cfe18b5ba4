package org.sysfsemu.uevent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObjectAction;

/** The grammar of writes to {@code uevent} (docs/linux-reference.md §7.1, §7.2). */
class SynthUEventTest {
  private static final String UUID = "01234567-89ab-cdef-0123-456789abcdef";

  private static SynthUEvent parse(String s) throws SysfsException {
    return SynthUEvent.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"change", "change\n", "change\0"})
  void actionAloneGivesSynthUuidZero(String input) throws Exception {
    SynthUEvent s = parse(input);
    assertEquals(KObjectAction.CHANGE, s.action());
    assertEquals(List.of("SYNTH_UUID=0"), s.env());
  }

  @ParameterizedTest
  @ValueSource(strings = {"add", "remove", "change", "move", "online", "offline", "bind", "unbind"})
  void everyActionIsAccepted(String action) throws Exception {
    assertEquals(action, parse(action).action().wireName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "bogus", "ADD", "chang", "changex", "change\n\n", "change\0junk", "change ",
      "add 0123", "add 0123456789abcdef0123456789abcdef0123", "add " + UUID + " ", "add " + UUID + " A=",
      "add " + UUID + " =b", "add " + UUID + " A_B=c", "add " + UUID + " A=b-c", "add " + UUID + " A=b  C=d",
      "add " + UUID + "X", "add 01234567-89ab-cdef-0123-456789abcdeg", " add", "add\n\0"})
  void malformedInputIsEinval(String input) {
    SysfsException e = assertThrows(SysfsException.class, () -> parse(input));
    assertEquals(Errno.EINVAL, e.errno());
  }

  @Test
  void uuidIsKeptAsWritten() throws Exception {
    assertEquals(List.of("SYNTH_UUID=" + UUID), parse("add " + UUID).env());
    assertEquals(List.of("SYNTH_UUID=" + UUID), parse("add " + UUID + "\n").env());
    String upper = UUID.toUpperCase();
    assertEquals(List.of("SYNTH_UUID=" + upper), parse("add " + upper).env());
  }

  @Test
  void argumentsBecomeSynthArgsInOrderWithDuplicatesAndCase() throws Exception {
    assertEquals(List.of("SYNTH_UUID=" + UUID, "SYNTH_ARG_a=B"), parse("add " + UUID + " a=B\n").env());
    assertEquals(List.of("SYNTH_UUID=" + UUID, "SYNTH_ARG_FOO=bar", "SYNTH_ARG_X1=2", "SYNTH_ARG_FOO=baz"),
        parse("change " + UUID + " FOO=bar X1=2 FOO=baz").env());
  }

  @Test
  void argumentOverflowInTheParserIsEinval() {
    StringBuilder many = new StringBuilder("add " + UUID);
    for (int i = 0; i < 64; i++) {
      many.append(" k").append(i).append("=v");
    }
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class, () -> parse(many.toString())).errno());
    String big = "add " + UUID + " a=" + "x".repeat(1990);
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class, () -> parse(big)).errno());
  }

  @Test
  void sixtyThreeArgumentsFitTheParser() throws Exception {
    StringBuilder many = new StringBuilder("add " + UUID);
    for (int i = 0; i < 63; i++) {
      many.append(" k").append(i).append("=v");
    }
    assertEquals(64, parse(many.toString()).env().size());
  }
}
