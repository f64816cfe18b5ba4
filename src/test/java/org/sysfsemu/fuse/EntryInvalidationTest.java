package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EntryInvalidationTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final CountDownLatch dropped = new CountDownLatch(1);
  private final EntryInvalidation invalidation = new EntryInvalidation("test-invalidate", () -> {
    ran.add("everything");
    dropped.countDown();
  }, 2);

  @Test
  void notificationsRunInOrderAndNothingIsDroppedWhole() {
    invalidation.run(() -> ran.add("a"));
    invalidation.run(() -> ran.add("b"));
    assertEquals(List.of("a", "b"), ran);
  }

  /**
   * While the thread is stuck (a notification waiting for the kernel), changes beyond the queue
   * lose their notifications; as soon as the thread is free again the whole cache is dropped, once.
   */
  @Test
  void lostNotificationsDropEverythingOnceTheThreadIsFree() throws InterruptedException {
    CountDownLatch stuck = new CountDownLatch(1);
    invalidation.run(() -> {
      try {
        stuck.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.add("stuck");
    }); // returns after its bounded wait, the thread still busy
    invalidation.run(() -> ran.add("queued 1"));
    invalidation.run(() -> ran.add("queued 2"));
    invalidation.run(() -> ran.add("lost"));
    assertEquals(List.of(), ran);
    stuck.countDown();
    assertTrue(dropped.await(5, TimeUnit.SECONDS), "the cache was never dropped whole");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!ran.contains("queued 2") && System.nanoTime() < deadline) {
      Thread.sleep(10); // the queue drains (a change meeting a full queue would be lost again)
    }
    invalidation.run(() -> ran.add("after"));
    assertEquals(List.of("stuck", "everything", "queued 1", "queued 2", "after"), ran);
  }
}
