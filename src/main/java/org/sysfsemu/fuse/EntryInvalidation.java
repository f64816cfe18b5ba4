package org.sysfsemu.fuse;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the kernel notifications that drop cached entries on a thread of their own, and lets the
 * changing thread wait for them a bounded time. A notification takes the directory's inode lock in
 * the kernel. A process may hold that lock while it waits for a file's lock in the directory (an
 * {@code unlink} or {@code rename} there locks the directory, then the file), and the kernel holds
 * the file's lock while a write to it waits for its reply; when that write's {@code store()} made
 * the change, a notification sent by the changing thread itself would close a cycle that nothing
 * breaks. Here the changing thread waits up to {@link #WAIT}: normally the notifications are done
 * long before, so before the change returns and before its events; in that cycle it goes on, the
 * write is answered, and the notifications follow.
 */
final class EntryInvalidation {
  /** How long a change waits for its notifications. */
  static final Duration WAIT = Duration.ofMillis(100);

  private static final Logger LOG = Logger.getLogger(EntryInvalidation.class.getName());
  /**
   * Changes whose notifications may wait at once; beyond, theirs are lost, and the whole cache is
   * dropped instead as soon as the thread is free.
   */
  private static final int QUEUED_MAX = 1024;

  private final ThreadPoolExecutor thread;
  private final Runnable dropEverything;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile boolean rejectionLogged;

  /**
   * {@code dropEverything} is run on the thread after notifications were lost: it drops all the
   * kernel may have cached, so that nothing stays stale until it times out.
   */
  EntryInvalidation(String name, Runnable dropEverything) {
    this(name, dropEverything, QUEUED_MAX);
  }

  /** With room for {@code queuedMax} waiting changes (for tests). */
  EntryInvalidation(String name, Runnable dropEverything, int queuedMax) {
    this.dropEverything = dropEverything;
    thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queuedMax), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private void dropEverythingIfLost() {
    if (lost.getAndSet(false)) {
      try {
        dropEverything.run();
      } catch (RuntimeException | Error e) {
        lost.set(true); // the next change's turn tries again
        throw e;
      }
    }
  }

  /** Runs {@code notifications} on the notifying thread and waits for them up to {@link #WAIT}. */
  void run(Runnable notifications) {
    Future<?> done;
    try {
      done = thread.submit(() -> {
        try {
          notifications.run();
        } finally {
          dropEverythingIfLost();
        }
      });
    } catch (RejectedExecutionException e) {
      lost.set(true);
      if (!rejectionLogged) {
        rejectionLogged = true;
        LOG.warning("too many changes wait for the kernel's cache to be dropped; it is dropped"
            + " whole as soon as it can be (further losses are not logged)");
      }
      try {
        thread.execute(this::dropEverythingIfLost);
      } catch (RejectedExecutionException stillFull) {
        // the queue is full: a change queued before this one runs after it and drops everything
      }
      return;
    }
    try {
      done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.fine("dropping cached entries takes longer than " + WAIT.toMillis() + " ms; going on");
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "cannot drop the kernel's cached entries", e.getCause());
    }
  }
}
