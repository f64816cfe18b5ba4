package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.UEvent;

class UEventMulticasterTest {
  private static final UdevRecord SEAT =
      UdevRecord.fromDatabase(ImmutableMap.of("ID_SEAT", "seat0", "TAGS", ":seat:uaccess:"));

  private final AtomicInteger lookups = new AtomicInteger();
  private final UEventMulticaster table = new UEventMulticaster(devpath -> {
    lookups.incrementAndGet();
    return devpath.contains("loop0") ? SEAT : UdevRecord.EMPTY;
  }, Subscription.DEFAULT_RCVBUF, 4);

  private Subscription subscribe(String line) throws SysfsException {
    return table.subscribe(SubscriptionOptions.parse(line));
  }

  private static List<Long> drain(Subscription s) throws SysfsException {
    List<Long> seqnums = new ArrayList<>();
    byte[] d;
    while ((d = s.read(65536, 0)) != null) {
      seqnums.add(LibudevMessage.isLibudev(d) ? Long.parseLong(LibudevMessage.decode(d).get("SEQNUM"))
          : Events.seqnumOf(d));
    }
    return seqnums;
  }

  @Test
  void twoSubscribersBothGetEveryEventInOrder() throws SysfsException {
    Subscription a = subscribe("");
    Subscription b = subscribe("groups=1");
    for (long seq = 1; seq <= 50; seq++) {
      table.publish(Events.memNull(seq));
    }
    List<Long> all = new ArrayList<>();
    for (long seq = 1; seq <= 50; seq++) {
      all.add(seq);
    }
    assertEquals(all, drain(a));
    assertEquals(all, drain(b));
  }

  @Test
  void groupOneIsTheKernelDatagramItself() throws SysfsException {
    Subscription a = subscribe("");
    UEvent e = Events.memNull(7);
    table.publish(e);
    assertArrayEquals(e.datagram(), a.read(4096, 0));
  }

  @Test
  void groupTwoIsTheLibudevMessageWithUdevProperties() throws SysfsException {
    Subscription u = subscribe("groups=2");
    UEvent e = Events.disk(8, "loop0");
    table.publish(e);
    byte[] d = u.read(4096, 0);
    assertArrayEquals(LibudevMessage.encode(e, SEAT), d);
    LibudevMessage m = LibudevMessage.decode(d);
    assertEquals("seat0", m.get("ID_SEAT"));
    assertEquals(":seat:uaccess:", m.get("TAGS"));
    assertNull(u.read(4096, 0));
  }

  @Test
  void bothGroupsGiveKernelThenLibudevPerEvent() throws SysfsException {
    Subscription s = subscribe("groups=1,2");
    table.publish(Events.memNull(1));
    table.publish(Events.memNull(2));
    List<Boolean> libudev = new ArrayList<>();
    List<Long> seqnums = new ArrayList<>();
    byte[] d;
    while ((d = s.read(4096, 0)) != null) {
      libudev.add(LibudevMessage.isLibudev(d));
      seqnums.add(LibudevMessage.isLibudev(d) ? Long.parseLong(LibudevMessage.decode(d).get("SEQNUM"))
          : Events.seqnumOf(d));
    }
    assertEquals(List.of(false, true, false, true), libudev);
    assertEquals(List.of(1L, 1L, 2L, 2L), seqnums);
  }

  @Test
  void otherGroupsGetNothing() throws SysfsException {
    Subscription s = subscribe("groups=3,32");
    table.publish(Events.memNull(1));
    assertNull(s.read(4096, 0));
    assertFalse(table.hasListeners(1));
    assertTrue(table.hasListeners(32));
  }

  @Test
  void libudevBytesAreBuiltOnlyWhenSomeoneListensOnGroupTwo() throws SysfsException {
    subscribe("groups=1");
    table.publish(Events.disk(1, "loop0"));
    assertEquals(0, lookups.get());
    Subscription u1 = subscribe("groups=2");
    Subscription u2 = subscribe("groups=2");
    table.publish(Events.disk(2, "loop0"));
    assertEquals(1, lookups.get(), "one lookup per event");
    assertArrayEquals(u1.read(4096, 0), u2.read(4096, 0));
  }

  @Nested
  class Filters {
    @Test
    void subsystemAndDevtypeOnBothGroups() throws SysfsException {
      Subscription disks = subscribe("groups=1,2 subsystem=block/disk");
      Subscription block = subscribe("groups=1 subsystem=block");
      table.publish(Events.memNull(1));
      table.publish(Events.disk(2, "loop0"));
      table.publish(Events.partition(3, "loop0p1"));
      assertEquals(List.of(2L, 2L), drain(disks));
      assertEquals(List.of(2L, 3L), drain(block));
    }

    @Test
    void tagFilterSelectsUdevEventsAndDropsKernelOnes() throws SysfsException {
      Subscription seat = subscribe("groups=1,2 tag=seat");
      table.publish(Events.memNull(1)); // no tags
      table.publish(Events.disk(2, "loop0")); // tagged seat
      byte[] d = seat.read(4096, 0);
      assertTrue(LibudevMessage.isLibudev(d), "group-1 events carry no tags: dropped");
      assertEquals("2", LibudevMessage.decode(d).get("SEQNUM"));
      assertNull(seat.read(4096, 0));
    }
  }

  @Test
  void publishNeverBlocksOnAFullReader() throws SysfsException {
    Subscription slow = subscribe("");
    Subscription fast = subscribe("");
    List<Long> fastGot = new ArrayList<>();
    for (long seq = 1; seq <= 1000; seq++) {
      table.publish(Events.memNull(seq));
      fastGot.add(Events.seqnumOf(fast.read(4096, 0)));
    }
    assertEquals(1000, fastGot.size());
    assertEquals(1000L, fastGot.get(999));
    assertEquals(744, slow.dropped());
    assertEquals(Errno.ENOBUFS, assertThrows(SysfsException.class, () -> slow.read(4096, 0)).errno());
    assertEquals(1, Events.seqnumOf(slow.read(4096, 0)));
  }

  @Test
  void wakeupsRunAfterEveryMemberWasOffered() throws SysfsException {
    Subscription a = subscribe("");
    Subscription b = subscribe("");
    List<String> seen = new ArrayList<>();
    a.setWakeup(() -> seen.add("a:" + b.queuedEvents()));
    b.setWakeup(() -> seen.add("b:" + a.queuedEvents()));
    table.publish(Events.memNull(1));
    assertEquals(List.of(), seen, "publish (under the event mutex) wakes nobody");
    table.wakeReaders();
    assertEquals(List.of("a:1", "b:1"), seen);
  }

  @Test
  void oneWakePerReaderForEventsQueuedBeforeIt() throws SysfsException {
    Subscription s = subscribe("");
    AtomicInteger wakeups = new AtomicInteger();
    s.setWakeup(wakeups::incrementAndGet);
    table.publish(Events.memNull(1));
    table.publish(Events.memNull(2));
    table.wakeReaders();
    table.wakeReaders();
    assertEquals(1, wakeups.get());
    table.publish(Events.memNull(3));
    table.wakeReaders();
    assertEquals(2, wakeups.get());
    assertEquals(3, s.queuedEvents());
  }

  @Test
  void aFilteredOutEventDoesNotWake() throws SysfsException {
    Subscription s = subscribe("subsystem=block");
    AtomicInteger wakeups = new AtomicInteger();
    s.setWakeup(wakeups::incrementAndGet);
    table.publish(Events.memNull(1));
    table.wakeReaders();
    assertEquals(0, wakeups.get());
  }

  @Test
  void capIsEnfileAndCloseFreesASlot() throws SysfsException {
    List<Subscription> subs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      subs.add(subscribe(""));
    }
    SysfsException e = assertThrows(SysfsException.class, () -> subscribe(""));
    assertEquals(Errno.ENFILE, e.errno());
    subs.get(0).close();
    assertEquals(3, table.subscribers());
    subscribe("");
    table.publish(Events.memNull(1));
    assertSame(ControlSession.EOF, subs.get(0).read(4096, 0));
  }

  @Test
  void shutdownEndsEveryMemberAndLaterOnes() throws SysfsException {
    Subscription a = subscribe("");
    table.shutdown();
    assertSame(ControlSession.EOF, a.read(4096, 0));
    Subscription late = subscribe("");
    assertSame(ControlSession.EOF, late.read(4096, 0));
    table.publish(Events.memNull(1));
    assertEquals(0, table.subscribers());
  }

  @Test
  void aFailingLookupStillSendsTheKernelKeys() throws SysfsException {
    UEventMulticaster broken = new UEventMulticaster(devpath -> {
      throw new IllegalStateException("db gone");
    }, Subscription.DEFAULT_RCVBUF, 4);
    Subscription u = broken.subscribe(SubscriptionOptions.parse("groups=2"));
    broken.publish(Events.memNull(1));
    assertEquals("1", LibudevMessage.decode(u.read(4096, 0)).get("SEQNUM"));
  }

  private static void readAllowingOverrun(Subscription s) throws SysfsException {
    try {
      s.read(4096, 0);
    } catch (SysfsException e) {
      if (e.errno() != Errno.ENOBUFS) {
        throw e;
      }
    }
  }

  @Test
  void subscribeAndCloseFromOtherThreadsWhilePublishing() throws Exception {
    UEventMulticaster big = new UEventMulticaster(UdevProperties.NONE, Subscription.DEFAULT_RCVBUF, 1024);
    Subscription witness = big.subscribe(SubscriptionOptions.DEFAULT);
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(4);
    List<Thread> churners = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String line = t % 2 == 0 ? "groups=1,2" : "groups=2 subsystem=mem tag=x";
      Thread th = new Thread(() -> {
        started.countDown();
        try {
          while (!stop.get()) {
            Subscription s = big.subscribe(SubscriptionOptions.parse(line));
            readAllowingOverrun(s); // a descheduled churner may legitimately overflow
            s.rebind(SubscriptionOptions.DEFAULT, false);
            s.close();
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      churners.add(th);
      th.start();
    }
    assertTrue(started.await(1, TimeUnit.MINUTES));
    for (long seq = 1; seq <= 2000; seq++) {
      big.publish(Events.memNull(seq));
      witness.read(4096, 0);
    }
    stop.set(true);
    for (Thread th : churners) {
      th.join(TimeUnit.MINUTES.toMillis(1));
    }
    assertTrue(failures.isEmpty(), () -> failures.toString());
    assertEquals(1, big.subscribers());
    assertEquals(2000, witness.delivered());
    assertEquals(0, witness.dropped());
  }
}
