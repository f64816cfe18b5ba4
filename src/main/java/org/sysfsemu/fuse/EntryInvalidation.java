package org.sysfsemu.fuse;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** Changes whose notifications may wait at once; beyond, they are dropped (the cache times out). */
  private static final int QUEUED_MAX = 1024;

  private final ThreadPoolExecutor thread;
  private volatile boolean rejectionLogged;

  EntryInvalidation(String name) {
    thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_MAX), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code notifications} on the notifying thread and waits for them up to {@link #WAIT}. */
  void run(Runnable notifications) {
    Future<?> done;
    try {
      done = thread.submit(notifications);
    } catch (RejectedExecutionException e) {
      if (!rejectionLogged) {
        rejectionLogged = true;
        LOG.warning("too many changes wait for the kernel's cache to be dropped; some entries stay"
            + " cached until they time out (further drops are not logged)");
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
