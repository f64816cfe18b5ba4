package org.sysfsemu.control;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The one thread that runs the commands of the control files, in the order they were written.
 * A writer waits for its command in slices and may be interrupted between them (a signal, or
 * SIGKILL): a command that has not started is then dropped, one that has started runs to its end
 * (all or nothing, as every hotplug operation) and leaves its result in {@code status}. So no
 * writer waits uninterruptibly for another's plug or for a delay, and the daemon spends one
 * thread on hotplug whatever the number of writers.
 */
final class CommandQueue implements AutoCloseable {
  /** At most this many commands wait; one more is refused with EAGAIN. */
  static final int MAX_PENDING = 64;

  /** How long one wait lasts before the writer's interrupt flag is checked again. */
  static final long WAIT_SLICE_MILLIS = 100;

  private final ThreadPoolExecutor worker =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING), r -> {
        Thread t = new Thread(r, "sysfs-emu-hotplug");
        t.setDaemon(true);
        return t;
      });

  /**
   * Runs {@code command} on the hotplug thread and returns its result once it ends; EINTR as soon
   * as {@code interrupted} says so (the command is dropped if it has not started), EAGAIN when
   * too many commands wait already.
   */
  String run(Callable<String> command, BooleanSupplier interrupted) throws SysfsException {
    Future<String> f;
    try {
      f = worker.submit(command);
    } catch (RejectedExecutionException e) {
      throw new SysfsException(Errno.EAGAIN, "too many hotplug commands waiting (" + MAX_PENDING + ")");
    }
    while (true) {
      try {
        return f.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (interrupted.getAsBoolean()) {
          boolean dropped = f.cancel(false);
          throw new SysfsException(Errno.EINTR, dropped ? "interrupted; the command was not run"
              : "interrupted; the command goes on, its result will be in status");
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SysfsException se) {
          throw se;
        }
        throw new SysfsException(Errno.EIO, "the command failed: " + e.getCause());
      } catch (CancellationException e) {
        throw new SysfsException(Errno.EINTR, "the emulator is stopping");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(false);
        throw new SysfsException(Errno.EINTR, "interrupted");
      }
    }
  }

  /** Drops waiting commands and interrupts a running one (its pauses end with EINTR). */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
