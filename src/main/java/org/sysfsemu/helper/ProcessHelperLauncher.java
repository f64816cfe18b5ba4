package org.sysfsemu.helper;

import com.google.common.collect.ImmutableList;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.uevent.HelperLauncher;

/**
 * Runs the uevent helper as a real process, as {@code call_usermodehelper(UMH_NO_WAIT)}: argv
 * executed directly (no shell), environment exactly the event's, no stdin, stdout and stderr discarded or
 * appended to a log file ({@link #logTo}), working
 * directory {@code /}. Launching never blocks the event path: {@link #launch} only counts and
 * queues, and one starter thread forks the processes in SEQNUM order; at most {@code
 * maxConcurrent} helpers run at once, and a request beyond {@code maxQueued} waiting ones is
 * dropped and logged. Failures (missing file, non-zero exit) are logged and never reach the writer.
 */
public final class ProcessHelperLauncher implements HelperLauncher, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProcessHelperLauncher.class.getName());
  private static final File DEV_NULL = new File("/dev/null");

  private final int maxConcurrent;
  private final int maxQueued;
  private final Deque<Request> queue = new ArrayDeque<>();
  private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "uevent-helper-starter");
    t.setDaemon(true);
    return t;
  });
  private volatile File log;
  private volatile ImmutableList<String> prefix = ImmutableList.of();
  private int running;
  private long started;
  private long failed;
  private long dropped;
  private long lastDropLog;
  private static final long DROP_LOG_INTERVAL_NANOS = 10_000_000_000L;
  private boolean closed;
  private final HelperReaper reaper = new HelperReaper();

  public ProcessHelperLauncher(int maxConcurrent, int maxQueued) {
    if (maxConcurrent < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1 and maxQueued >= 0");
    }
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  /**
   * Appends the helpers' standard output and error to {@code file} from now on (null: discard
   * them, as the kernel does).
   */
  public void logTo(java.nio.file.Path file) {
    this.log = file == null ? null : file.toFile();
  }

  /**
   * Runs every helper through {@code prefix} from now on: the command that enters the sandbox
   * ({@code nsenter ... --}), so that the helper sees the emulated /sys and /dev. The helper's
   * argv follows it unchanged and the environment passes through.
   */
  public void setCommandPrefix(List<String> prefix) {
    this.prefix = ImmutableList.copyOf(prefix);
  }

  private record Request(long seqnum, ImmutableList<String> argv, ImmutableList<String> envp) {}

  @Override
  public synchronized void launch(long seqnum, ImmutableList<String> argv, ImmutableList<String> envp) {
    if (closed) {
      return;
    }
    Request r = new Request(seqnum, argv, envp);
    if (running < maxConcurrent) {
      running++;
      starter.execute(() -> start(r));
    } else if (queue.size() < maxQueued) {
      queue.addLast(r);
    } else {
      dropped++;
      long now = System.nanoTime();
      if (dropped == 1 || now - lastDropLog >= DROP_LOG_INTERVAL_NANOS) { // one line per interval, not per event
        lastDropLog = now;
        long n = dropped;
        LOG.warning(() -> "uevent helper queue full; not running the helper for SEQNUM " + seqnum
            + " (" + n + " dropped so far; logged at most every 10 s)");
      }
    }
  }

  /** Forks one helper; runs on the starter thread. Nothing starts once the launcher is closed. */
  private void start(Request r) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    ProcessBuilder pb = new ProcessBuilder(ImmutableList.<String>builder().addAll(prefix).addAll(r.argv()).build());
    Map<String, String> env = pb.environment();
    env.clear();
    for (String e : r.envp()) {
      int eq = e.indexOf('=');
      env.put(e.substring(0, eq), e.substring(eq + 1));
    }
    pb.directory(new File("/"));
    pb.redirectInput(DEV_NULL);
    File logFile = log;
    pb.redirectOutput(logFile == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(logFile));
    pb.redirectError(logFile == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(logFile));
    try {
      Process p = pb.start();
      reaper.track(p);
      synchronized (this) {
        started++;
      }
      p.onExit().thenAccept(done -> finished(r, done.exitValue()));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "uevent helper " + r.argv().get(0) + " for SEQNUM " + r.seqnum()
          + " could not be started: " + e.getMessage());
      finished(r, -1);
    }
  }

  private void finished(Request r, int status) {
    if (status != 0) {
      LOG.warning(() -> "uevent helper " + r.argv().get(0) + " for SEQNUM " + r.seqnum()
          + " exited with status " + status);
    }
    synchronized (this) {
      if (status != 0) {
        failed++;
      }
      Request next = closed ? null : queue.pollFirst();
      if (next == null) {
        running--;
        notifyAll();
      } else {
        starter.execute(() -> start(next)); // the slot passes to the next request
      }
    }
  }

  /** Waits until no helper runs and none is queued; false on timeout. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0 || !queue.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Helpers started so far. */
  public synchronized long started() {
    return started;
  }

  /** Helpers that could not start or exited non-zero. */
  public synchronized long failed() {
    return failed;
  }

  /** Requests dropped because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Helpers running or queued now. */
  public synchronized int pending() {
    return running + queue.size();
  }

  /**
   * Stops launching; helpers still running (and their children) get SIGTERM, then SIGKILL. A
   * helper being forked at that moment is waited for (a fork is quick), so that it is tracked
   * before the others are stopped and does not outlive the launcher.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
      starter.shutdown();
      notifyAll();
    }
    try {
      if (!starter.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warning("a uevent helper is still being started after 5 s; stopping the others");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reaper.killAll(HelperReaper.GRACE);
  }
}
