package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link FuseMount#close} waits after its lazy unmount: for as long as the loop still answers
 * requests, and no longer than 5 s of silence (the mount is then held by an open file or a working
 * directory, which is logged).
 */
class FuseMountCloseIT {
  @TempDir Path tmp;

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      warnings.add(r.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger log = Logger.getLogger(FuseMount.class.getName());
  private FuseMount mount;
  private Path mnt;
  private Process holder;

  @BeforeAll
  static void requireFuse() {
    assumeTrue(Files.exists(Paths.get("/dev/fuse")), "/dev/fuse missing");
  }

  @BeforeEach
  void mountTree() throws Exception {
    log.addHandler(handler);
    mnt = tmp.resolve("sys");
    mount = FuseMount.mount(new SysfsFs(new TestTree().kernfs), mnt, MountOptions.of("sysfs-emu", "sysemu"));
  }

  @AfterEach
  void stop() throws Exception {
    if (holder != null) {
      holder.destroyForcibly().waitFor();
    }
    mount.close();
    mount.awaitLoopExit(Duration.ofSeconds(10));
    log.removeHandler(handler);
  }

  /** A process whose working directory is the mount root, running {@code script} there. */
  private Process inMount(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && " + script, "sh", mnt.toString()).start();
    Thread.sleep(300);
    assertTrue(p.isAlive(), "the process runs in the mount");
    return p;
  }

  private static Thread closing(FuseMount m) {
    Thread t = new Thread(m::close, "close");
    t.start();
    return t;
  }

  @Test
  void aLoopThatStillAnswersRequestsIsWaitedForBeyondFiveSeconds() throws Exception {
    holder = inMount("while ls . > /dev/null 2>&1; do :; done");
    Thread close = closing(mount);
    close.join(TimeUnit.SECONDS.toMillis(8));
    assertTrue(close.isAlive(), "still waiting after 8 s: the loop kept answering the lister");
    holder.destroyForcibly().waitFor();
    close.join(TimeUnit.SECONDS.toMillis(20));
    assertFalse(close.isAlive(), "close returned once the last user went");
    assertTrue(mount.awaitLoopExit(Duration.ofSeconds(1)), "the loop ended");
    assertEquals(List.of(), warnings, "nothing to warn about");
  }

  @Test
  void aLoopHeldByAnIdleWorkingDirectoryIsLeftAfterFiveSecondsWithAWarning() throws Exception {
    holder = inMount("exec sleep 60");
    long t0 = System.nanoTime();
    mount.close();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertTrue(seconds >= 4 && seconds < 30, "gave up after one silent slice: " + seconds + " s");
    assertEquals(List.of("the FUSE loop at " + mount.mountpoint() + " is still running (files still open?)"),
        warnings);
    holder.destroyForcibly().waitFor();
    assertTrue(mount.awaitLoopExit(Duration.ofSeconds(10)), "the loop ends with its last user");
  }
}
