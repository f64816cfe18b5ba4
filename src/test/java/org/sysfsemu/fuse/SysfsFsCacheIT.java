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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;
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
  void theKernelForgetsTheNodesOfARemovedDirectory() throws Exception {
    assertTrue(exists(N + "/power/control"));
    assertTrue(exists(N + "/dev"));
    int held = fs.nodesHeld(); // devices, virtual, mem, null, power, control, dev
    assertEquals(7, held);
    removeNode(N); // the kernel drops the entry of null and evicts what was below it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fs.nodesHeld() > held - 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(held - 4, fs.nodesHeld(), "null, power, control and dev forgotten");
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

  /**
   * A store that changes its own directory while another process waits there: {@code rm} locks the
   * directory and waits for the file, which the kernel keeps locked for the write, whose store
   * waits for the kernel to drop the changed entry, which needs the directory. The change goes on
   * after a bounded wait; the write is answered, {@code rm} is refused, and the entry is dropped.
   */
  @Test
  void aStoreThatChangesItsOwnDirectoryWhileAnUnlinkWaitsThereEnds() throws Exception {
    KernfsDir nul = (KernfsDir) tree.kernfs.lookup(N);
    CountDownLatch storing = new CountDownLatch(1);
    CountDownLatch unlinkWaits = new CountDownLatch(1);
    tree.kernfs.writeRun(() -> tree.kernfs.createFile(nul, "grow", 0200, (AttributeOps.WriteOnly) data -> {
      storing.countDown();
      try {
        unlinkWaits.await();
        tree.kernfs.writeRun(() -> tree.kernfs.createFile(nul, "grown", 0444, tree.file(N + "/dev").ops()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return data.length;
    }));
    assertFalse(exists(N + "/grown"));
    Path dir = mnt.resolve(N.substring(1));
    Process write = new ProcessBuilder("sh", "-c", "echo 1 > grow").directory(dir.toFile()).start();
    assertTrue(storing.await(10, TimeUnit.SECONDS), "the store was not called");
    ProcessBuilder rm = new ProcessBuilder("rm", "-f", "grow").directory(dir.toFile()).redirectErrorStream(true);
    rm.environment().put("LC_ALL", "C");
    Process unlink = rm.start();
    Thread.sleep(300); // rm has the directory and waits for the file
    unlinkWaits.countDown();
    try {
      assertTrue(write.waitFor(10, TimeUnit.SECONDS), "the write never ended");
      assertTrue(unlink.waitFor(10, TimeUnit.SECONDS), "rm never ended");
    } finally {
      if (write.isAlive()) {
        abortConnection(); // a write waiting for its reply cannot be killed: end the cycle
      }
      write.destroyForcibly();
      unlink.waitFor(10, TimeUnit.SECONDS);
    }
    assertEquals(0, write.exitValue());
    assertEquals("rm: cannot remove 'grow': Operation not permitted\n",
        new String(unlink.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!exists(N + "/grown") && System.nanoTime() < deadline) { // the notification follows
      Thread.sleep(10);
    }
    assertTrue(exists(N + "/grown"), "the entry found missing was dropped");
  }

  /** Aborts the mount's FUSE connection (fusectl), which ends every request waiting in it. */
  private void abortConnection() throws IOException, InterruptedException {
    long dev = (Long) Files.getAttribute(mnt, "unix:dev");
    long minor = (dev & 0xff) | ((dev >> 12) & ~0xffL); // FUSE mounts have major 0
    Path connections = Paths.get("/sys/fs/fuse/connections");
    if (!Files.exists(connections.resolve(Long.toString(minor)))) {
      new ProcessBuilder("mount", "-t", "fusectl", "none", connections.toString()).start().waitFor();
    }
    Files.writeString(connections.resolve(minor + "/abort"), "1");
  }

  private java.util.List<String> list(String path) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(mnt.resolve(path.substring(1)))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aListingIsKeptByTheKernelUntilItsDirectoryChanges() throws Exception {
    long before = settledRequestCount();
    assertEquals(java.util.List.of("control"), list(N + "/power"));
    assertTrue(settledRequestCount() > before, "the first listing is read from the mount");
    // a listing read from the mount marks the directory's access time stale: the next stat of it
    // may ask for its attributes once
    assertEquals(java.util.List.of("control"), list(N + "/power"));
    long served = settledRequestCount();
    assertEquals(java.util.List.of("control"), list(N + "/power"));
    assertEquals(served, fs.requestsServed(), "listed again from the kernel's cache");
    tree.kernfs.writeRun(() -> tree.kernfs.createFile(
        (KernfsDir) tree.kernfs.lookupLocked(N + "/power"), "wakeup", 0644, tree.file(N + "/dev").ops()));
    assertEquals(java.util.List.of("control", "wakeup"), list(N + "/power"), "a name added shows");
    removeNode(N + "/power/control");
    assertEquals(java.util.List.of("wakeup"), list(N + "/power"), "a name removed is gone");
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked(N + "/power/wakeup"),
        (KernfsDir) tree.kernfs.lookupLocked(N + "/power"), "autosuspend"));
    assertEquals(java.util.List.of("autosuspend"), list(N + "/power"), "a name renamed moves");
  }

  /**
   * A link's text is made when it is read, from where the link and its target are now (as
   * kernfs does): a rename above the target changes it without touching the link, so a kept text
   * must be dropped.
   */
  @Test
  void aLinkTextFollowsARenameOfItsTarget() throws Exception {
    Path link = mnt.resolve(N.substring(1) + "/subsystem");
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString());
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked("/class/mem"),
        (KernfsDir) tree.kernfs.lookupLocked("/class"), "memory"));
    assertEquals("../../../../class/memory", Files.readSymbolicLink(link).toString());
  }

  /** A move of the link's own directory to another depth changes its text too. */
  @Test
  void aLinkTextFollowsAMoveOfItsDirectory() throws Exception {
    assertEquals("../../../../class/mem", Files.readSymbolicLink(mnt.resolve(N.substring(1) + "/subsystem")).toString());
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked(N),
        (KernfsDir) tree.kernfs.lookupLocked("/devices"), "null"));
    assertEquals("../../class/mem", Files.readSymbolicLink(mnt.resolve("devices/null/subsystem")).toString());
  }

  /**
   * Where the kernel keeps link texts (Linux 6.16 and later), a text read once is read again from
   * the kernel, and a change elsewhere leaves it kept.
   */
  @Test
  void aLinkTextIsKeptUntilAMoveChangesIt() throws Exception {
    Path link = mnt.resolve(N.substring(1) + "/subsystem");
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString());
    assumeTrue(fs.kernelKeepsLinks(), "this kernel does not keep link texts whole");
    assertEquals(1, fs.linksRead());
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString());
    assertEquals(1, fs.linksRead(), "read again from the kernel's cache");
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked(N + "/power"),
        (KernfsDir) tree.kernfs.lookupLocked(N), "pm"));
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString());
    assertEquals(1, fs.linksRead(), "a move that does not change the text leaves it kept");
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked("/class/mem"),
        (KernfsDir) tree.kernfs.lookupLocked("/class"), "memory"));
    assertEquals("../../../../class/memory", Files.readSymbolicLink(link).toString());
    assertEquals(2, fs.linksRead(), "a move that changes it drops it");
  }

  @Test
  void withoutTheInvalidationALinkTextWouldStayAsItWas() throws Exception {
    Path link = mnt.resolve(N.substring(1) + "/subsystem");
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString());
    assumeTrue(fs.kernelKeepsLinks(), "this kernel does not keep link texts whole");
    tree.kernfs.setChangeListener(null); // the mount no longer hears of changes
    tree.kernfs.writeRun(() -> tree.kernfs.rename(tree.kernfs.lookupLocked("/class/mem"),
        (KernfsDir) tree.kernfs.lookupLocked("/class"), "memory"));
    assertEquals("../../../../class/mem", Files.readSymbolicLink(link).toString(), "the kernel's kept text answers");
  }

  @Test
  void withoutTheInvalidationAListingWouldStayAsItWas() throws Exception {
    assertEquals(java.util.List.of("control"), list(N + "/power"));
    tree.kernfs.setChangeListener(null); // the mount no longer hears of changes
    removeNode(N + "/power/control");
    assertEquals(java.util.List.of("control"), list(N + "/power"), "the kernel's cached listing answers");
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
