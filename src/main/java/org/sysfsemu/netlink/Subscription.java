package org.sysfsemu.netlink;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * One reader's receive queue: a netlink socket's {@code sk_receive_queue} with its {@code
 * sk_rcvbuf} budget (docs/linux-reference.md §11.2). Each queued datagram charges its {@link
 * SkbTruesize}; as in {@code netlink_broadcast_deliver()} of 6.x, a datagram is queued when the
 * queue is empty or the charge after adding it stays within the budget, so the default 212992
 * bytes hold 256 small events. A datagram that does not fit is dropped and counted; the first
 * drop ({@code netlink_overrun()}) marks the queue congested and makes the next read fail once
 * with ENOBUFS; while congested, every datagram is dropped, until the reader has emptied the
 * queue ({@code netlink_rcv_wake()}). After the ENOBUFS, the queued (oldest) datagrams are read
 * normally.
 *
 * <p>Offers never block. A read returns one datagram; a reader whose buffer is smaller gets the
 * head and the rest on the next reads, so nothing is lost for stream tools ({@code dd bs=512},
 * {@code tr}); {@code recvmsg()} would truncate and discard the rest instead. The datagram stays
 * charged until its last byte is read, and a pending ENOBUFS waits until it is.
 */
public final class Subscription implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Subscription.class.getName());

  /** {@code net.core.rmem_default}: the budget of a socket nobody tuned. */
  public static final int DEFAULT_RCVBUF = 212992;

  /** What happened to one offered datagram. */
  enum Delivery {
    /** Queued: the reader should be woken. */
    QUEUED,
    /** Dropped, and the queue just became congested: the reader should be woken for ENOBUFS. */
    OVERRUN,
    /** Dropped while congested. */
    DROPPED,
    /** Not for this subscription any more (closed, shut down, or rebound meanwhile). */
    IGNORED;

    boolean wakes() {
      return this == QUEUED || this == OVERRUN;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private final int rcvbuf;
  private final Runnable onClose;
  private volatile SubscriptionOptions options;
  private volatile Runnable wakeup = () -> {};
  private long rmem;
  private int headOffset;
  private boolean congested;
  private boolean errorPending;
  private boolean closed;
  private boolean shutdown;
  private long dropped;
  private long delivered;

  /** A free-standing subscription with a budget of {@code rcvbuf} bytes. */
  public Subscription(SubscriptionOptions options, int rcvbuf) {
    this(options, rcvbuf, () -> {});
  }

  Subscription(SubscriptionOptions options, int rcvbuf, Runnable onClose) {
    checkArgument(rcvbuf > 0, "rcvbuf must be positive: %s", rcvbuf);
    this.options = options;
    this.rcvbuf = rcvbuf;
    this.onClose = onClose;
  }

  /** The groups and filters events are matched against. */
  public SubscriptionOptions options() {
    return options;
  }

  /**
   * Changes groups and filters, like a second {@code bind()}; with {@code purge}, also drops what
   * was queued so far and any pending error, as if the socket had been bound only now.
   */
  public void rebind(SubscriptionOptions newOptions, boolean purge) {
    lock.lock();
    try {
      options = newOptions;
      if (purge) {
        queue.clear();
        rmem = 0;
        headOffset = 0;
        congested = false;
        errorPending = false;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code datagram} if it fits, without blocking; true if queued. Wakes the reader. */
  public boolean offer(byte[] datagram) {
    Delivery d = deliver(datagram, null);
    if (d.wakes()) {
      wake();
    }
    return d == Delivery.QUEUED;
  }

  /**
   * Queues {@code datagram} unless the subscription was rebound since {@code matchedWith} was read
   * (null: no such check). Does not wake; the caller calls {@link #wake} without locks held.
   */
  Delivery deliver(byte[] datagram, SubscriptionOptions matchedWith) {
    lock.lock();
    try {
      if (closed || shutdown || (matchedWith != null && matchedWith != options)) {
        return Delivery.IGNORED;
      }
      int truesize = SkbTruesize.of(datagram.length);
      if (!congested && (queue.isEmpty() || rmem + truesize <= rcvbuf)) {
        queue.add(datagram);
        rmem += truesize;
        changed.signalAll();
        return Delivery.QUEUED;
      }
      dropped++;
      if (congested) {
        return Delivery.DROPPED;
      }
      congested = true;
      errorPending = true;
      changed.signalAll();
      return Delivery.OVERRUN;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next datagram, or its next {@code size} bytes; null if none came within {@code
   * timeoutMillis} (0: do not wait); {@link ControlSession#EOF} once closed or shut down.
   *
   * @throws SysfsException ENOBUFS once after datagrams were dropped; EINTR if interrupted
   */
  public byte[] read(int size, long timeoutMillis) throws SysfsException {
    checkArgument(size > 0 && timeoutMillis >= 0, "size %s, timeout %s", size, timeoutMillis);
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (true) {
        if (closed || shutdown) {
          return ControlSession.EOF;
        }
        if (errorPending && headOffset == 0) {
          errorPending = false;
          clearCongestionIfEmpty();
          throw new SysfsException(Errno.ENOBUFS, "uevents were dropped: the receive buffer of "
              + rcvbuf + " bytes was full");
        }
        if (!queue.isEmpty()) {
          return take(size);
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = changed.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SysfsException(Errno.EINTR, "interrupted while waiting for a uevent");
    } finally {
      lock.unlock();
    }
  }

  private byte[] take(int size) {
    byte[] head = queue.peek();
    int n = Math.min(size, head.length - headOffset);
    byte[] out = Arrays.copyOfRange(head, headOffset, headOffset + n);
    headOffset += n;
    if (headOffset == head.length) {
      queue.poll();
      rmem -= SkbTruesize.of(head.length);
      headOffset = 0;
      delivered++;
      clearCongestionIfEmpty();
    }
    return out;
  }

  private void clearCongestionIfEmpty() {
    if (queue.isEmpty()) {
      congested = false;
    }
  }

  /** Whether a read would return at once: data, a pending ENOBUFS, or EOF (for poll). */
  public boolean readable() {
    lock.lock();
    try {
      return !queue.isEmpty() || errorPending || closed || shutdown;
    } finally {
      lock.unlock();
    }
  }

  /** Sets what to call, without locks held, when the subscription becomes readable. */
  public void setWakeup(Runnable wakeup) {
    this.wakeup = wakeup == null ? () -> {} : wakeup;
  }

  /** Calls the wakeup; never throws. Must be called without locks held. */
  void wake() {
    try {
      wakeup.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "uevent reader wakeup failed", e);
    }
  }

  /** Stops receiving and frees the queue; reads return EOF. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      rmem = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    onClose.run();
  }

  /** Ends the subscription for unmount: blocked and later reads return EOF. */
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    wake();
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes charged for the queued datagrams ({@code sk_rmem_alloc}). */
  public long queuedBytes() {
    lock.lock();
    try {
      return rmem;
    } finally {
      lock.unlock();
    }
  }

  /** Datagrams queued, a partly read one included. */
  public int queuedEvents() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Datagrams dropped for want of space ({@code sk_drops}). */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Datagrams the reader has read to the end. */
  public long delivered() {
    lock.lock();
    try {
      return delivered;
    } finally {
      lock.unlock();
    }
  }
}
