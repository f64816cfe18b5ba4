package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** The /dev mount charges opens and blocked reads to the opener, and reads directories by handle. */
class DevfsOpsLimitsTest {
  private static final int NOBODY = 65534;
  private final UserLimits limits = new UserLimits(uid -> uid == 0);
  private DevfsOps ops;

  @BeforeEach
  void setUp() throws Exception {
    DevfsTree tree = new DevfsTree(Clock.systemUTC());
    ControlFile never = uid -> new ControlSession() {
      @Override
      public byte[] read(int size, long timeoutMillis) {
        try {
          Thread.sleep(timeoutMillis); // never has anything
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }

      @Override
      public int write(byte[] data) {
        return data.length;
      }
    };
    tree.addControlNode("/uevent", 0666, never);
    tree.mkdir("/d", 0755, 0, 0);
    ops = new DevfsOps(tree, limits);
  }

  @Test
  void aUserPastTheirControlNodesGetsEmfileAndRootStillOpens() throws Exception {
    List<Long> mine = new ArrayList<>();
    for (int i = 0; i < UserLimits.MAX_SESSIONS_PER_USER; i++) {
      mine.add(ops.open("/uevent", false, NOBODY));
    }
    assertEquals(Errno.EMFILE, assertThrows(SysfsException.class, () -> ops.open("/uevent", false, NOBODY)).errno());
    long root = ops.open("/uevent", false, 0);
    ops.release(mine.get(0));
    mine.set(0, ops.open("/uevent", false, NOBODY));
    ops.release(root);
    for (long fh : mine) {
      ops.release(fh);
    }
    assertEquals(0, ops.openCount());
  }

  @Test
  void aUserPastTheirBlockedReadsGetsEagainWhileRootsStillBlock() throws Exception {
    long fh = ops.open("/uevent", false, NOBODY);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < UserLimits.MAX_WAITING_PER_USER; i++) {
      Thread t = new Thread(() -> {
        try {
          ops.read(fh, 0, 100, false, stop::get);
        } catch (SysfsException e) {
          // EINTR at the end
        }
      });
      t.start();
      readers.add(t);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (limits.waiting(NOBODY) < UserLimits.MAX_WAITING_PER_USER && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(UserLimits.MAX_WAITING_PER_USER, limits.waiting(NOBODY));
    SysfsException refused = assertThrows(SysfsException.class, () -> ops.read(fh, 0, 100, false, () -> true));
    assertEquals(Errno.EAGAIN, refused.errno());
    assertTrue(refused.getMessage().contains("blocked reads"), refused.getMessage());
    long root = ops.open("/uevent", false, 0);
    assertEquals(Errno.EINTR, assertThrows(SysfsException.class, () -> ops.read(root, 0, 100, false, () -> true)).errno(),
        "root's read blocks (until interrupted), not refused");
    stop.set(true);
    for (Thread t : readers) {
      t.join(5000);
    }
    assertEquals(0, limits.waiting(NOBODY));
  }

  @Test
  void directoriesAreReadThroughTheirHandle() throws Exception {
    long fh = ops.opendir("/", NOBODY);
    assertTrue(ops.readdir(fh).containsAll(List.of("uevent", "d")));
    assertEquals(1, ops.openCount());
    ops.releasedir(fh);
    assertEquals(0, ops.openCount());
    assertEquals(Errno.EBADF, assertThrows(SysfsException.class, () -> ops.readdir(fh)).errno());
  }
}
