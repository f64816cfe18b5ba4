package org.sysfsemu.uevent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * An in-process subscriber for Java code: a bounded queue of {@link UEvent}s, fed in SEQNUM order.
 * When it is full, new events are dropped and counted (as a netlink socket would), never blocking
 * the publisher. Obtain one from {@link UEventEngine#subscribe(int)}; {@link #close()} detaches it.
 */
public final class EventQueue implements UEventSink, AutoCloseable {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<UEvent> queue = new ArrayDeque<>();
  private final int capacity;
  private final Runnable detach;
  private long lost;
  private boolean closed;

  EventQueue(int capacity, Runnable detach) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.detach = detach;
  }

  @Override
  public void publish(UEvent event) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        lost++;
        return;
      }
      queue.add(event);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next event, waiting up to {@code timeout}; null if none came. */
  public UEvent poll(Duration timeout) throws InterruptedException {
    return next(e -> true, timeout, null);
  }

  /**
   * Waits up to {@code timeout} for an event matching {@code filter}, removing it and every event
   * before it from the queue.
   *
   * @throws AssertionError when none came in time (or the queue was closed), naming every event
   *     seen meanwhile (they stay consumed), so a failing test says what happened instead
   */
  public UEvent await(Predicate<UEvent> filter, Duration timeout) throws InterruptedException {
    List<UEvent> seen = new ArrayList<>();
    UEvent e = next(filter, timeout, seen);
    if (e == null) {
      StringBuilder msg = new StringBuilder("no matching uevent within " + timeout + "; " + seen.size() + " seen");
      seen.stream().limit(MAX_LISTED).forEach(s -> msg.append("\n  ").append(s.seqnum()).append(' ')
          .append(s.action().wireName()).append(' ').append(s.devpath()).append(" (").append(s.subsystem()).append(')'));
      if (seen.size() > MAX_LISTED) {
        msg.append("\n  ...");
      }
      throw new AssertionError(msg.toString());
    }
    return e;
  }

  /** How many of the events seen an {@link #await} failure lists. */
  private static final int MAX_LISTED = 50;

  private UEvent next(Predicate<UEvent> filter, Duration timeout, List<UEvent> seen) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        while (!queue.isEmpty()) {
          UEvent e = queue.poll();
          if (filter.test(e)) {
            return e;
          }
          if (seen != null) {
            seen.add(e);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return null;
        }
        arrived.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every queued event, oldest first. */
  public List<UEvent> drain() {
    lock.lock();
    try {
      List<UEvent> out = new ArrayList<>(queue);
      queue.clear();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** How many events did not fit in the queue. */
  public long lost() {
    lock.lock();
    try {
      return lost;
    } finally {
      lock.unlock();
    }
  }

  /** Stops receiving; queued events can still be drained. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    detach.run();
  }
}
