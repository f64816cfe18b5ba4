package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

class SubscriptionTest {
  private final Subscription sub = new Subscription(SubscriptionOptions.DEFAULT, Subscription.DEFAULT_RCVBUF);

  @Test
  void oneDatagramPerRead() throws SysfsException {
    byte[] a = Events.memNull(1).datagram();
    byte[] b = Events.memNull(2).datagram();
    assertTrue(sub.offer(a));
    assertTrue(sub.offer(b));
    assertEquals(2, sub.queuedEvents());
    assertEquals(2 * 832, sub.queuedBytes());
    assertArrayEquals(a, sub.read(65536, 0));
    assertArrayEquals(b, sub.read(65536, 0));
    assertNull(sub.read(65536, 0));
    assertEquals(0, sub.queuedBytes());
    assertEquals(2, sub.delivered());
  }

  @Nested
  class Overflow {
    @Test
    void defaultBudgetHolds256ThenEnobufsOnceThenTheOldestInOrder() throws SysfsException {
      for (long seq = 1; seq <= 1000; seq++) {
        sub.offer(Events.memNull(seq).datagram()); // returns at once; never blocks
      }
      assertEquals(256, sub.queuedEvents());
      assertEquals(212992, sub.queuedBytes());
      assertEquals(744, sub.dropped());
      assertTrue(sub.readable());

      SysfsException e = assertThrows(SysfsException.class, () -> sub.read(8192, 0));
      assertEquals(Errno.ENOBUFS, e.errno());
      for (long seq = 1; seq <= 256; seq++) {
        assertEquals(seq, Events.seqnumOf(sub.read(8192, 0)));
      }
      assertNull(sub.read(8192, 0));
      assertEquals(256, sub.delivered());
      assertEquals(744, sub.dropped());
    }

    @Test
    void whileCongestedEverythingIsDroppedUntilTheQueueIsEmpty() throws SysfsException {
      Subscription small = new Subscription(SubscriptionOptions.DEFAULT, 8192); // 9 small events
      for (long seq = 1; seq <= 40; seq++) {
        small.offer(Events.memNull(seq).datagram());
      }
      assertEquals(9, small.queuedEvents());
      assertEquals(31, small.dropped());
      assertEquals(Errno.ENOBUFS, assertThrows(SysfsException.class, () -> small.read(4096, 0)).errno());
      assertEquals(1, Events.seqnumOf(small.read(4096, 0)));
      assertFalse(small.offer(Events.memNull(41).datagram()), "still congested: room is not enough");
      for (long seq = 2; seq <= 9; seq++) {
        assertEquals(seq, Events.seqnumOf(small.read(4096, 0)));
      }
      assertTrue(small.offer(Events.memNull(42).datagram()), "emptied: congestion cleared");
      assertEquals(42, Events.seqnumOf(small.read(4096, 0)));
      assertEquals(32, small.dropped());
    }

    @Test
    void enobufsIsReportedOncePerEpisode() throws SysfsException {
      Subscription small = new Subscription(SubscriptionOptions.DEFAULT, 832);
      small.offer(Events.memNull(1).datagram());
      small.offer(Events.memNull(2).datagram());
      small.offer(Events.memNull(3).datagram());
      assertThrows(SysfsException.class, () -> small.read(4096, 0));
      assertEquals(1, Events.seqnumOf(small.read(4096, 0)));
      assertNull(small.read(4096, 0));
      small.offer(Events.memNull(4).datagram());
      assertEquals(4, Events.seqnumOf(small.read(4096, 0)));
    }

    @Test
    void aDatagramLargerThanTheBudgetFitsAnEmptyQueue() throws SysfsException {
      Subscription tiny = new Subscription(SubscriptionOptions.DEFAULT, 100);
      assertTrue(tiny.offer(new byte[3000]));
      assertFalse(tiny.offer(new byte[10]));
      assertEquals(SkbTruesize.of(3000), tiny.queuedBytes());
    }

    @Test
    void pollReportsThePendingError() {
      Subscription small = new Subscription(SubscriptionOptions.DEFAULT, 832);
      small.offer(Events.memNull(1).datagram());
      AtomicInteger wakeups = new AtomicInteger();
      small.setWakeup(wakeups::incrementAndGet);
      small.offer(Events.memNull(2).datagram());
      small.offer(Events.memNull(3).datagram());
      assertEquals(1, wakeups.get(), "woken for the overrun, not for later drops");
      assertTrue(small.readable());
    }
  }

  @Nested
  class ShortBuffers {
    @Test
    void theRestComesOnTheNextReads() throws SysfsException {
      byte[] a = Events.memNull(1).datagram();
      byte[] b = Events.memNull(2).datagram();
      sub.offer(a);
      sub.offer(b);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = sub.read(50, 0)) != null) {
        assertTrue(chunk.length <= 50);
        got.writeBytes(chunk);
      }
      ByteArrayOutputStream want = new ByteArrayOutputStream();
      want.writeBytes(a);
      want.writeBytes(b);
      assertArrayEquals(want.toByteArray(), got.toByteArray());
      assertEquals(2, sub.delivered());
    }

    @Test
    void aReadNeverCrossesADatagramBoundary() throws SysfsException {
      byte[] a = Events.memNull(1).datagram();
      sub.offer(a);
      sub.offer(Events.memNull(2).datagram());
      assertEquals(100, sub.read(100, 0).length);
      assertEquals(a.length - 100, sub.read(4096, 0).length);
      assertEquals(1, sub.queuedEvents());
    }

    @Test
    void aPartlyReadDatagramStaysChargedAndIsFinishedBeforeEnobufs() throws SysfsException {
      Subscription small = new Subscription(SubscriptionOptions.DEFAULT, 832);
      byte[] a = Events.memNull(1).datagram();
      small.offer(a);
      assertEquals(10, small.read(10, 0).length);
      assertEquals(832, small.queuedBytes());
      assertFalse(small.offer(Events.memNull(2).datagram()));
      assertEquals(a.length - 10, small.read(4096, 0).length);
      assertEquals(Errno.ENOBUFS, assertThrows(SysfsException.class, () -> small.read(4096, 0)).errno());
    }
  }

  @Nested
  class Waiting {
    @Test
    void timeoutGivesNull() throws SysfsException {
      assertNull(sub.read(4096, 1));
      assertFalse(sub.readable());
    }

    @Test
    void aBlockedReadGetsTheOffer() throws Exception {
      AtomicReference<byte[]> got = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try {
          got.set(sub.read(4096, TimeUnit.MINUTES.toMillis(1)));
        } catch (SysfsException e) {
          got.set(null);
        }
        done.countDown();
      });
      reader.start();
      byte[] a = Events.memNull(5).datagram();
      sub.offer(a);
      assertTrue(done.await(1, TimeUnit.MINUTES));
      assertArrayEquals(a, got.get());
    }

    @Test
    void wakeupRunsForEachQueuedDatagram() {
      AtomicInteger wakeups = new AtomicInteger();
      sub.setWakeup(() -> {
        assertTrue(sub.readable(), "readable when woken");
        wakeups.incrementAndGet();
      });
      sub.offer(Events.memNull(1).datagram());
      sub.offer(Events.memNull(2).datagram());
      assertEquals(2, wakeups.get());
    }

    @Test
    void aThrowingWakeupDoesNotFailTheOffer() {
      sub.setWakeup(() -> {
        throw new IllegalStateException("poll handle gone");
      });
      assertTrue(sub.offer(Events.memNull(1).datagram()));
    }

    @Test
    void interruptedReadIsEintr() {
      Thread.currentThread().interrupt();
      try {
        assertEquals(Errno.EINTR, assertThrows(SysfsException.class, () -> sub.read(4096, 60_000)).errno());
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Nested
  class Ending {
    @Test
    void shutdownWakesABlockedReaderWithEof() throws Exception {
      AtomicReference<byte[]> got = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try {
          got.set(sub.read(4096, TimeUnit.MINUTES.toMillis(1)));
        } catch (SysfsException e) {
          got.set(null);
        }
        done.countDown();
      });
      reader.start();
      AtomicInteger wakeups = new AtomicInteger();
      sub.setWakeup(wakeups::incrementAndGet);
      sub.shutdown();
      assertTrue(done.await(1, TimeUnit.MINUTES));
      assertSame(ControlSession.EOF, got.get());
      assertEquals(1, wakeups.get());
      assertTrue(sub.readable());
    }

    @Test
    void afterShutdownReadsAreEofEvenWithDataQueued() throws SysfsException {
      sub.offer(Events.memNull(1).datagram());
      sub.shutdown();
      assertSame(ControlSession.EOF, sub.read(4096, 0));
      assertFalse(sub.offer(Events.memNull(2).datagram()));
    }

    @Test
    void closeStopsReceivingAndFreesTheQueue() throws SysfsException {
      AtomicInteger closed = new AtomicInteger();
      Subscription s = new Subscription(SubscriptionOptions.DEFAULT, 4096, closed::incrementAndGet);
      s.offer(Events.memNull(1).datagram());
      s.close();
      s.close();
      assertEquals(1, closed.get());
      assertTrue(s.isClosed());
      assertEquals(0, s.queuedBytes());
      assertFalse(s.offer(Events.memNull(2).datagram()));
      assertSame(ControlSession.EOF, s.read(4096, 0));
    }
  }

  @Nested
  class Rebind {
    @Test
    void purgeDropsTheQueueAndThePendingError() throws Exception {
      Subscription small = new Subscription(SubscriptionOptions.DEFAULT, 832);
      small.offer(Events.memNull(1).datagram());
      small.offer(Events.memNull(2).datagram());
      SubscriptionOptions udev = SubscriptionOptions.parse("groups=2");
      small.rebind(udev, true);
      assertSame(udev, small.options());
      assertEquals(0, small.queuedEvents());
      assertNull(small.read(4096, 0));
      assertTrue(small.offer(Events.memNull(3).datagram()));
    }

    @Test
    void withoutPurgeTheQueueStays() throws Exception {
      sub.offer(Events.memNull(1).datagram());
      sub.rebind(SubscriptionOptions.parse("groups=1 subsystem=block"), false);
      assertEquals(1, Events.seqnumOf(sub.read(4096, 0)));
    }

    @Test
    void aDeliveryMatchedAgainstOldOptionsIsIgnored() throws Exception {
      SubscriptionOptions old = sub.options();
      sub.rebind(SubscriptionOptions.parse("groups=2"), false);
      assertEquals(Subscription.Delivery.IGNORED, sub.deliver(Events.memNull(1).datagram(), old));
      assertEquals(0, sub.queuedEvents());
    }
  }
}
