package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.UEvent;

/** {@link UdevGroup}: one lookup and one message per event for every sink, and one switch. */
class UdevGroupTest {
  private static final UdevRecord SEAT =
      UdevRecord.fromDatabase(ImmutableMap.of("ID_SEAT", "seat0", "TAGS", ":seat:"));

  private final AtomicInteger lookups = new AtomicInteger();
  private final UdevGroup group = new UdevGroup(devpath -> {
    lookups.incrementAndGet();
    return SEAT;
  });

  @Test
  void eachEventIsLookedUpAndEncodedOnceForEverySink() {
    UEvent first = Events.memNull(1);
    byte[] m = group.message(first);
    assertSame(SEAT, group.record(first));
    assertSame(m, group.message(first));
    assertEquals(1, lookups.get());
    assertEquals("seat0", LibudevMessage.decode(m).get("ID_SEAT"));
    assertEquals("1", LibudevMessage.decode(m).get("SEQNUM"));

    UEvent second = Events.memNull(2);
    assertEquals("2", LibudevMessage.decode(group.message(second)).get("SEQNUM"));
    assertEquals(2, lookups.get());
  }

  @Test
  void aFailingLookupGivesTheEmptyRecord() {
    UdevGroup broken = new UdevGroup(devpath -> {
      throw new IllegalStateException("db gone");
    });
    UEvent e = Events.memNull(1);
    assertSame(UdevRecord.EMPTY, broken.record(e));
    assertEquals("1", LibudevMessage.decode(broken.message(e)).get("SEQNUM"));
  }

  @Test
  void switchedOffNoSinkSendsGroupTwo() throws SysfsException {
    UEventMulticaster table = new UEventMulticaster(group, Subscription.DEFAULT_RCVBUF, 4);
    try (Subscription s = table.subscribe(SubscriptionOptions.parse("groups=1,2"))) {
      assertTrue(group.isOn());
      group.setOn(false);
      assertFalse(group.isOn());
      table.publish(Events.memNull(1));
      byte[] kernel = s.read(65536, 0);
      assertFalse(LibudevMessage.isLibudev(kernel));
      assertNull(s.read(65536, 0), "no group-2 message follows");
      assertEquals(0, lookups.get());
    }
  }
}
