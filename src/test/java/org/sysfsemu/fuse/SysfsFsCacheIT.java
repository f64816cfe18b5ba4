package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;

/**
 * {@link SysfsFs} mounted with kernel caching (timeouts of 60 s): every change of the tree drops
 * the kernel's cached entry of the name it changed (and everything below it), so a removed or
 * renamed node is gone at once and a new one shows at once, and only there. The last test shows that the kernel does cache
 * (a change it is not told about stays invisible), so the others test the invalidation.
 */
class SysfsFsCacheIT {
  private static final String N = TestTree.NULL;

  @TempDir Path tmp;

  private TestTree tree;
  private SysfsFs fs;
  private FuseMount mount;
  private Path mnt;

  @BeforeAll
  static void requireFuse() {
    assumeTrue(Files.exists(Paths.get("/dev/fuse")), "/dev/fuse missing");
  }

  @BeforeEach
  void mountTree() throws Exception {
    tree = new TestTree();
    mnt = tmp.resolve("sys");
    fs = new SysfsFs(tree.kernfs);
    mount = FuseMount.mount(fs, mnt,
        MountOptions.of("sysfs-emu", "sysemu").withCacheTimeout(60));
  }

  @AfterEach
  void unmount() {
    mount.close();
  }

  private boolean exists(String path) {
    return Files.exists(mnt.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS);
  }

  /** The count of served requests once it has not moved for 50 ms (a reply is counted after it is sent). */
  private long settledRequestCount() throws InterruptedException {
    long n = fs.requestsServed();
    while (true) {
      Thread.sleep(50);
      long now = fs.requestsServed();
      if (now == n) {
        return n;
      }
      n = now;
    }
  }

  private void removeNode(String path) throws SysfsException {
    tree.kernfs.writeRun(() -> tree.kernfs.remove(tree.kernfs.lookupLocked(path)));
  }

  @Test
  void aRemovedDirectoryIsGoneAtOnce() throws Exception {
    assertTrue(exists(N + "/power/control"));
    assertTrue(exists(N + "/subsystem"));
    removeNode(N + "/power");
    assertFalse(exists(N + "/power/control"));
    assertFalse(exists(N + "/power"));
    assertTrue(exists(N + "/subsystem"), "what was not removed is still there");
  }

  @Test
  void aRenamedNodeMovesAtOnceAndItsParentCountsAgain() throws Exception {
    assertTrue(exists(N + "/power/control"));
    assertEquals(3, Files.getAttribute(mnt.resolve(N.substring(1)), "unix:nlink"));
    tree.kernfs.writeRun(() -> {
      KernfsDir mem = (KernfsDir) tree.kernfs.lookupLocked("/devices/virtual/mem");
      tree.kernfs.rename(tree.kernfs.lookupLocked(N + "/power"), mem, "power");
    });
    assertFalse(exists(N + "/power/control"));
    assertTrue(exists("/devices/virtual/mem/power/control"));
    assertEquals(2, Files.getAttribute(mnt.resolve(N.substring(1)), "unix:nlink"));
  }

  @Test
  void anAddedNodeShowsAtOnce() throws Exception {
    assertFalse(exists(N + "/power/wakeup"));
    tree.kernfs.writeRun(() -> tree.kernfs.createFile(
        (KernfsDir) tree.kernfs.lookupLocked(N + "/power"), "wakeup", 0644, tree.file(N + "/dev").ops()));
    assertTrue(exists(N + "/power/wakeup"));
  }

  @Test
  void aChangeDropsOnlyTheEntryWhereItHappened() throws Exception {
    assertTrue(exists(N + "/dev"));
    assertFalse(exists("/devices/virtual/mem/zero"));
    tree.kernfs.writeRun(() -> tree.kernfs.mkdir(
        (KernfsDir) tree.kernfs.lookupLocked("/devices/virtual/mem"), "zero", 0755));
    long served = settledRequestCount();
    assertTrue(exists(N + "/dev"));
    // at most one request: the changed directory's attributes, dropped with the entry, asked again
    // for the walk's permission check; the entries on the way and below stay cached
    assertTrue(fs.requestsServed() - served <= 1, "requests: " + (fs.requestsServed() - served));
    assertTrue(exists("/devices/virtual/mem/zero"), "the name found missing before is found");
    assertEquals(4, Files.getAttribute(mnt.resolve("devices/virtual/mem"), "unix:nlink"), "counted again");
  }

  @Test
  void withoutTheInvalidationTheKernelWouldStillFindIt() throws IOException, SysfsException {
    assertTrue(exists(N + "/power/control"));
    tree.kernfs.setChangeListener(null); // the mount no longer hears of changes
    removeNode(N + "/power");
    assertTrue(exists(N + "/power/control"), "served from the kernel's cache");
  }

  @Test
  void withoutTheInvalidationANameFoundMissingWouldStayMissing() throws Exception {
    assertFalse(exists(N + "/power/wakeup"));
    tree.kernfs.setChangeListener(null); // the mount no longer hears of changes
    tree.kernfs.writeRun(() -> tree.kernfs.createFile(
        (KernfsDir) tree.kernfs.lookupLocked(N + "/power"), "wakeup", 0644, tree.file(N + "/dev").ops()));
    assertFalse(exists(N + "/power/wakeup"), "the kernel's negative entry answers");
  }
}
