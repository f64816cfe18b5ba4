package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.UEvent;

class UeventControlFileTest {
  private final UEventMulticaster table = new UEventMulticaster();
  private final UeventControlFile node = new UeventControlFile(table);

  private static byte[] line(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void catWithoutAnOptionLineGetsKernelEvents() throws SysfsException {
    try (ControlSession s = node.open(1000)) {
      UEvent e = Events.memNull(1);
      table.publish(e);
      assertTrue(s.readable());
      assertArrayEquals(e.datagram(), s.read(4096, 0));
      assertNull(s.read(4096, 0));
      assertFalse(s.readable());
    }
  }

  @Test
  void optionLineBeforeReadingDropsWhatTheDefaultBindingQueued() throws SysfsException {
    try (ControlSession s = node.open(0)) {
      table.publish(Events.memNull(1)); // between open() and the write
      assertEquals(25, s.write(line("groups=2 subsystem=block\n")));
      table.publish(Events.memNull(2));
      table.publish(Events.disk(3, "loop0"));
      LibudevMessage m = LibudevMessage.decode(s.read(4096, 0));
      assertEquals("3", m.get("SEQNUM"));
      assertNull(s.read(4096, 0));
    }
  }

  @Test
  void optionLineAfterReadingRebindsAndKeepsTheQueue() throws SysfsException {
    try (ControlSession s = node.open(0)) {
      table.publish(Events.memNull(1));
      assertEquals(1, Events.seqnumOf(s.read(4096, 0)));
      table.publish(Events.memNull(2));
      s.write(line("groups=1 subsystem=block"));
      table.publish(Events.memNull(3));
      table.publish(Events.disk(4, "loop0"));
      assertEquals(2, Events.seqnumOf(s.read(4096, 0)));
      assertEquals(4, Events.seqnumOf(s.read(4096, 0)));
      assertNull(s.read(4096, 0));
    }
  }

  @Test
  void badLineIsEinvalAndChangesNothing() throws SysfsException {
    try (ControlSession s = node.open(0)) {
      SysfsException e = assertThrows(SysfsException.class, () -> s.write(line("groups=0\n")));
      assertEquals(Errno.EINVAL, e.errno());
      assertEquals("bad option \"groups=0\": group \"0\" is not a number 1..32", e.getMessage());
      table.publish(Events.memNull(1));
      assertEquals(1, Events.seqnumOf(s.read(4096, 0)));
    }
  }

  @Test
  void emptyWriteIsZero() throws SysfsException {
    try (ControlSession s = node.open(0)) {
      assertEquals(0, s.write(new byte[0]));
    }
  }

  @Test
  void shortReadsGetTheRest() throws SysfsException {
    try (ControlSession s = node.open(0)) {
      byte[] d = Events.memNull(1).datagram();
      table.publish(Events.memNull(1));
      byte[] head = s.read(64, 0);
      byte[] rest = s.read(4096, 0);
      assertEquals(64, head.length);
      assertEquals(d.length - 64, rest.length);
      assertEquals(d[64], rest[0]);
    }
  }

  @Test
  void wakeupAndUnmount() throws SysfsException {
    ControlSession s = node.open(0);
    AtomicInteger wakeups = new AtomicInteger();
    s.setWakeup(wakeups::incrementAndGet);
    table.publish(Events.memNull(1));
    table.wakeReaders(); // the second phase of a publication, after the event mutex
    assertEquals(1, wakeups.get());
    table.shutdown();
    assertEquals(2, wakeups.get());
    assertSame(ControlSession.EOF, s.read(4096, 0));
    s.close();
  }

  @Test
  void closeLeavesTheGroup() throws SysfsException {
    ControlSession s = node.open(0);
    assertEquals(1, table.subscribers());
    s.close();
    assertEquals(0, table.subscribers());
  }

  @Test
  void theCapRefusesOpenWithEnfile() throws SysfsException {
    UeventControlFile capped = new UeventControlFile(new UEventMulticaster(UdevProperties.NONE, 4096, 1));
    ControlSession first = capped.open(0);
    assertEquals(Errno.ENFILE, assertThrows(SysfsException.class, () -> capped.open(0)).errno());
    first.close();
    capped.open(0).close();
  }
}
