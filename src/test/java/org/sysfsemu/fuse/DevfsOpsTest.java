package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.driver.DevNode;
import org.sysfsemu.driver.DevNum;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** The /dev mount's rules without a mount: opens, blocking reads, errors, handle limits. */
class DevfsOpsTest {
  private DevfsTree tree;
  private DevfsOps ops;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);
  private final AtomicInteger wakeups = new AtomicInteger();

  /** A control file backed by {@link #queue}. */
  private final ControlFile stream = uid -> new ControlSession() {
    @Override
    public byte[] read(int size, long timeoutMillis) {
      try {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return null;
      }
    }

    @Override
    public int write(byte[] data) throws SysfsException {
      throw new SysfsException(Errno.EINVAL, "no");
    }

    @Override
    public boolean readable() {
      return !queue.isEmpty();
    }

    @Override
    public void setWakeup(Runnable wakeup) {
      wakeups.incrementAndGet();
    }

    @Override
    public void close() {}
  };

  @BeforeEach
  void setUp() throws Exception {
    tree = new DevfsTree(Clock.systemUTC());
    tree.create(new DevNode("sda1", true, new DevNum(8, 1), 0600, 0, 0));
    tree.addControlNode("/uevent", 0666, stream);
    ops = new DevfsOps(tree);
  }

  @Test
  void rdevUsesGlibcsEncoding() {
    assertEquals(0x801, DevfsOps.makedev(8, 1));
    assertEquals(0x11112c70L, DevfsOps.makedev(300, 70000), "gnu_dev_makedev(300, 70000)");
    for (int[] mm : new int[][] {{8, 1}, {189, 130}, {300, 70000}, {4095, 1048575}, {0, 0}}) {
      long dev = DevfsOps.makedev(mm[0], mm[1]);
      assertEquals(mm[0], DevfsOps.major(dev));
      assertEquals(mm[1], DevfsOps.minor(dev));
    }
  }

  @Test
  void deviceNodesHaveNoDriverHere() {
    SysfsException e = assertThrows(SysfsException.class, () -> ops.open("/sda1", false, 0));
    assertEquals(Errno.ENXIO, e.errno());
    assertEquals(0, ops.openCount());
  }

  @Test
  void userFilesAreReadAndWritten() throws Exception {
    long fh = ops.create("/lock", 0644, false, 1000, 1000);
    assertEquals(5, ops.write(fh, 0, "12345".getBytes(StandardCharsets.US_ASCII), () -> false));
    assertArrayEquals("234".getBytes(StandardCharsets.US_ASCII), ops.read(fh, 1, 3, false, () -> false));
    assertEquals(1000, ops.getattr("/lock").uid());
    ops.truncate("/lock", 2);
    assertEquals(2, ops.getattr("/lock").size());
    ops.release(fh);
    ops.mknod("/mine", 0020640, DevfsOps.makedev(4, 64), 0, 0);
    assertEquals(4, ops.getattr("/mine").rdevMajor());
    assertEquals(64, ops.getattr("/mine").rdevMinor());
  }

  @Test
  void theEmulatorsFilesCannotBeRemovedOrReplaced() throws Exception {
    assertEquals(Errno.EPERM, assertThrows(SysfsException.class, () -> ops.unlink("/uevent")).errno());
    assertEquals(Errno.EPERM, assertThrows(SysfsException.class, () -> ops.rename("/uevent", "/x")).errno());
    ops.mknod("/x", 0100644, 0, 0, 0);
    assertEquals(Errno.EPERM, assertThrows(SysfsException.class, () -> ops.rename("/x", "/uevent")).errno());
    assertEquals(0, ops.truncate("/uevent", 0), "shell '>' truncates before writing: accepted");
    assertTrue(tree.lookup("/uevent") != null);
  }

  @Test
  void controlNodeReadsBlockUntilDataAndStopOnInterruptOrUnmount() throws Exception {
    long fh = ops.open("/uevent", false, 0);
    assertTrue(ops.setWakeup(fh, () -> {}), "a control node is a stream");
    assertEquals(1, wakeups.get());

    assertEquals(Errno.EAGAIN, assertThrows(SysfsException.class, () -> ops.read(fh, 0, 4096, true, () -> false)).errno());
    AtomicInteger checks = new AtomicInteger();
    assertEquals(Errno.EINTR, assertThrows(SysfsException.class,
        () -> ops.read(fh, 0, 4096, false, () -> checks.incrementAndGet() >= 2)).errno());
    assertEquals(2, checks.get(), "the interrupt is checked after each 100 ms wait");

    byte[] event = "add@/devices/x\0".getBytes(StandardCharsets.ISO_8859_1);
    queue.add(event);
    assertTrue(ops.readable(fh));
    assertSame(event, ops.read(fh, 0, 4096, false, () -> false));
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class, () -> ops.write(fh, 0, new byte[] {1}, () -> false)).errno());

    ops.unmounting();
    assertTrue(ops.readable(fh), "at unmount every reader may read: it gets end of file");
    assertArrayEquals(ControlSession.EOF, ops.read(fh, 0, 4096, false, () -> false));
    assertArrayEquals(ControlSession.EOF, ops.read(fh, 0, 4096, true, () -> false));
    ops.release(fh);
    assertEquals(Errno.EBADF, assertThrows(SysfsException.class, () -> ops.read(fh, 0, 1, true, () -> false)).errno());
  }

  @Test
  void atMostMaxOpenFilesAtOnce() throws Exception {
    for (int i = 0; i < DevfsOps.MAX_OPEN; i++) {
      ops.open("/uevent", false, 0);
    }
    assertEquals(Errno.ENFILE, assertThrows(SysfsException.class, () -> ops.open("/uevent", false, 0)).errno());
    assertEquals(DevfsOps.MAX_OPEN, ops.openCount());
  }

  @Test
  void directoriesCannotBeOpenedAsFiles() throws Exception {
    ops.mkdir("/d", 0755, 0, 0);
    assertEquals(Errno.EISDIR, assertThrows(SysfsException.class, () -> ops.open("/d", false, 0)).errno());
    assertEquals(Errno.ENOENT, assertThrows(SysfsException.class, () -> ops.open("/none", false, 0)).errno());
  }
}
