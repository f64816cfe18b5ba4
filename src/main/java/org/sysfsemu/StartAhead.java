package org.sysfsemu;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.fuse.DevfsFs;
import org.sysfsemu.fuse.FuseExt;
import org.sysfsemu.fuse.FuseMount;
import org.sysfsemu.fuse.MountableFs;
import org.sysfsemu.fuse.SysfsFs;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.loader.TreeSource;

/**
 * The parts of a start that can run on threads of their own while the start does something else:
 * binding libfuse (jffi's native stub), checking FUSE's prerequisites (a {@code fusermount} run)
 * and reading the default tree while the command line is parsed, and making the /sys and /dev
 * filesystems (their callback tables) while the tree is added. Mounting stays on the starting
 * thread.
 */
final class StartAhead {
  /** FUSE's prerequisites checked ahead by {@link #prepare()}, taken by the first start. */
  private static Future<Void> fuseAhead; // guarded by StartAhead.class
  /** The default tree read ahead by {@link #prepare()}, taken by the first start that wants it. */
  private static Future<List<DeviceSpec>> defaultTreeAhead; // guarded by StartAhead.class

  private StartAhead() {}

  /** See {@link SysfsEmu#prepareStart()}. */
  static void prepare() {
    // libfuse first: the check's fusermount run is the shorter part. A failure is found again
    // by the start's own check (checkFuse), which reports it.
    Future<Void> fuse = background("libfuse-bind", () -> {
      FuseExt.load();
      FuseMount.checkPrerequisites();
      return null;
    });
    Future<List<DeviceSpec>> tree = background("default-tree", TreeSource::defaultTree);
    synchronized (StartAhead.class) {
      fuseAhead = fuse;
      defaultTreeAhead = tree;
    }
  }

  /**
   * Fails, naming what to install, unless FUSE can be used ({@link FuseMount#checkPrerequisites});
   * waits for the check started ahead, if any, instead of running a second one beside it.
   */
  static void checkFuse() throws IOException {
    Future<Void> ahead;
    synchronized (StartAhead.class) {
      ahead = fuseAhead;
      fuseAhead = null;
    }
    if (ahead != null) {
      try {
        ahead.get();
      } catch (ExecutionException e) {
        // checked again below, which throws with the reason
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while checking FUSE");
      }
    }
    FuseMount.checkPrerequisites(); // at once when the check ahead found everything
  }

  /** The default tree: the one read ahead when there is one, else read now. */
  static List<DeviceSpec> defaultTree() throws IOException, TreeFormatException {
    Future<List<DeviceSpec>> ahead;
    synchronized (StartAhead.class) {
      ahead = defaultTreeAhead;
      defaultTreeAhead = null;
    }
    return ahead == null
        ? TreeSource.defaultTree()
        : await(ahead, "reading the default tree", TreeFormatException.class);
  }

  /** Starts making the /sys and /dev filesystems of {@code kernel}; see {@link #await}. */
  static Future<MountableFs[]> filesystems(EmulatedKernel kernel) {
    return background("fuse-filesystems",
        () -> new MountableFs[] {new SysfsFs(kernel.kernfs()), new DevfsFs(kernel.devfs())});
  }

  /**
   * The value of {@code work}: its own exception thrown again as it was (an I/O error, a {@code
   * checked} one, an unchecked exception or error), anything else as an I/O error.
   */
  static <T, X extends Exception> T await(Future<T> work, String what, Class<X> checked)
      throws IOException, X {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (checked.isInstance(cause)) {
        throw checked.cast(cause);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(what + ": " + cause, cause);
    }
  }

  /** Runs {@code work} on a new daemon thread named {@code name}. */
  private static <T> Future<T> background(String name, Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return result;
  }
}
