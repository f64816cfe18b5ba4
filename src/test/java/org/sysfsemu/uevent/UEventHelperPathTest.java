package org.sysfsemu.uevent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** /sys/kernel/uevent_helper store/show rules (docs/linux-reference.md §9.1). */
class UEventHelperPathTest {
  private final UEventHelperPath helper = new UEventHelperPath();

  private int store(String s) throws SysfsException {
    return helper.store(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String shown() {
    return new String(helper.show(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void emptyShowsNewline() {
    assertEquals("\n", shown());
  }

  @Test
  void oneTrailingNewlineIsRemoved() throws Exception {
    assertEquals(11, store("/sbin/mdev\n"));
    assertEquals("/sbin/mdev", helper.get());
    assertEquals("/sbin/mdev\n", shown());
    store("/x\n\n");
    assertEquals("/x\n", helper.get());
  }

  @Test
  void newlineAloneDisables() throws Exception {
    store("/sbin/mdev");
    assertEquals(1, store("\n"));
    assertEquals("", helper.get());
  }

  @Test
  void embeddedNulEndsTheString() throws Exception {
    store("/a\0/b");
    assertEquals("/a", helper.get());
  }

  @Test
  void longerThan255IsEnoentAndKeepsTheOldValue() throws Exception {
    store("/old");
    assertEquals(255, store("/" + "x".repeat(254)));
    SysfsException e = assertThrows(SysfsException.class, () -> store("/" + "x".repeat(255)));
    assertEquals(Errno.ENOENT, e.errno());
    assertEquals("/" + "x".repeat(254), helper.get());
  }
}
