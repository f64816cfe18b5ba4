package org.sysfsemu.fuse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One mounted FUSE filesystem and its libfuse loop, from mount to unmount. {@link #mount} checks
 * the host and the mountpoint, runs libfuse's multithreaded loop ({@link FuseLoop}) from its own
 * thread and returns once the kernel has the mount; {@link #close} unmounts and waits (bounded)
 * for the loop to end. A JVM shutdown hook closes it too. Works for any {@link MountableFs}: /sys and /dev alike.
 */
public final class FuseMount implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FuseMount.class.getName());
  private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LOOP_EXIT_TIMEOUT = Duration.ofSeconds(5);
  private static final long VISIBLE_TIMEOUT_MILLIS = 2000;

  private final MountableFs fs;
  private final Path mountpoint;
  private final MountOptions options;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Thread loop;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Completed when the mount goes away without {@link #close()}: unmounted from outside. */
  private final CompletableFuture<Path> lost = new CompletableFuture<>();
  private static final long WATCH_MILLIS = 500;

  private FuseMount(MountableFs fs, Path mountpoint, MountOptions options) {
    this.fs = fs;
    this.mountpoint = mountpoint;
    this.options = options;
    this.loop = new Thread(this::runLoop, "fuse-loop-" + options.fsname());
    this.loop.setDaemon(true);
    this.shutdownHook = new Thread(this::close, "fuse-unmount-" + options.fsname());
  }

  /**
   * Mounts {@code fs} at {@code mountpoint} and returns once the kernel serves it.
   *
   * @throws IOException with a one-line reason: FUSE not installed (naming the packages), the
   *     mountpoint already mounted, not a directory or not empty, or libfuse refusing the mount
   */
  public static FuseMount mount(MountableFs fs, Path mountpoint, MountOptions options)
      throws IOException {
    MountPoints.checkPrerequisites();
    FuseMount m = new FuseMount(fs, MountPoints.prepare(mountpoint), options);
    m.start();
    return m;
  }

  /** Checks that /dev/fuse, {@code fusermount} and libfuse 2 are there; names what to install. */
  public static void checkPrerequisites() throws IOException {
    MountPoints.checkPrerequisites();
  }

  /**
   * Returns once {@code relative} (a file the filesystem always has) can be stat'ed through the
   * mount: the kernel sends requests and the daemon answers them.
   */
  public void awaitServing(String relative) throws IOException {
    MountPoints.awaitServing(mountpoint.resolve(relative), VISIBLE_TIMEOUT_MILLIS);
  }

  /** The absolute, real path of the mount point. */
  public Path mountpoint() {
    return mountpoint;
  }

  /** The options the filesystem was mounted with. */
  public MountOptions options() {
    return options;
  }

  /** Whether libfuse's loop is still running (the mount may linger while files are open). */
  public boolean isRunning() {
    return loop.isAlive();
  }

  /**
   * Completes with the mount point when the mount goes away while this object did not close it
   * ({@code fusermount -u}, {@code umount -l} by someone else, or the loop ending): the emulator
   * then stops. Never completes after {@link #close()}.
   */
  public CompletableFuture<Path> lost() {
    return lost;
  }

  /** Waits up to {@code timeout} for the loop to end; true if it has ended. */
  public boolean awaitLoopExit(Duration timeout) throws InterruptedException {
    loop.join(Math.max(1, timeout.toMillis()));
    return !loop.isAlive();
  }

  /**
   * Unmounts ({@code fusermount -u -z}) and waits for the loop to end, as long as it still
   * answers requests, giving up after 5 s without one. Idempotent. The loop outlives a lazy
   * unmount while files on the mount are still open; that is logged.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and this is the hook itself.
    }
    try {
      fs.unmounting();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "unmounting hook of " + mountpoint + " failed", t);
    }
    unmountAndJoin();
  }

  private void start() throws IOException {
    fs.onInit(() -> ready.complete(null));
    fs.setCacheTimeout(options.cacheTimeoutSeconds());
    loop.start();
    try {
      ready.get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!MountPoints.awaitMountPoint(mountpoint, VISIBLE_TIMEOUT_MILLIS)) {
        throw new IOException("FUSE started but " + mountpoint + " is not in mountinfo");
      }
    } catch (ExecutionException e) {
      throw new IOException(
          "cannot mount " + options.fsname() + " at " + mountpoint + ": " + reason(e.getCause()),
          e.getCause());
    } catch (TimeoutException e) {
      abort();
      throw new IOException("FUSE did not start at " + mountpoint + " within " + INIT_TIMEOUT);
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while mounting " + mountpoint);
    } catch (IOException e) {
      abort();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread watch = new Thread(this::watch, "fuse-watch-" + options.fsname());
    watch.setDaemon(true);
    watch.start();
  }

  /**
   * Notices an unmount from outside: the loop ends when the kernel drops the connection, but a
   * lazy unmount leaves it up while files stay open, so the mount table is checked too.
   */
  private void watch() {
    try {
      while (!closed.get()) {
        if (!loop.isAlive() || !MountPoints.isMountPoint(mountpoint)) {
          if (!closed.get()) {
            lost.complete(mountpoint);
          }
          return;
        }
        loop.join(WATCH_MILLIS);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot watch " + mountpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runLoop() {
    Throwable failure = null;
    try {
      FuseSession session = fs.openSession(mountpoint, options.toArgs(fs.dropsCachedEntriesOnChange()));
      try {
        if (fs.serve(session, options.subtype())) {
          failure = new IOException("reading the FUSE device of " + mountpoint + " failed");
        }
      } finally {
        session.teardown();
      }
    } catch (Throwable t) {
      failure = t;
    }
    boolean beforeInit =
        ready.completeExceptionally(
            failure != null ? failure : new IOException("the FUSE loop ended before INIT"));
    if (failure != null && !beforeInit) {
      LOG.log(Level.WARNING, "the FUSE loop at " + mountpoint + " failed", failure);
    }
  }

  private void abort() {
    closed.set(true);
    unmountAndJoin();
  }

  private void unmountAndJoin() {
    try {
      if (loop.isAlive()) {
        MountPoints.Result r = MountPoints.fusermount("-uz", mountpoint);
        if (!r.ok()) {
          LOG.warning("fusermount -uz " + mountpoint + " failed: " + r.err().strip());
        }
      }
      // The loop ends when the kernel drops the connection. It is waited for in 5 s slices as
      // long as it still answers requests (a sandbox's last processes, a big tree's forgets);
      // a loop that answered nothing for 5 s is held by open files, and that is logged.
      long before;
      do {
        before = fs.requestsServed();
        if (awaitLoopExit(LOOP_EXIT_TIMEOUT)) {
          return;
        }
      } while (fs.requestsServed() != before);
      LOG.warning("the FUSE loop at " + mountpoint + " is still running (files still open?)");
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot unmount " + mountpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String reason(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
