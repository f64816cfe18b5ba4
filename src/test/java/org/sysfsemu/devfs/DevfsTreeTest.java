package org.sysfsemu.devfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sysfsemu.driver.DevNode;
import org.sysfsemu.driver.DevNum;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** devtmpfs rules (docs/linux-reference.md §12) and user changes to /dev. */
class DevfsTreeTest {
  private final DevfsTree dev = new DevfsTree(Clock.systemUTC());
  private static final DevNode USB = new DevNode("bus/usb/001/002", false, new DevNum(189, 1), 0664, 0, 0);
  private static final DevNode SDA1 = new DevNode("sda1", true, new DevNum(8, 1), 0600, 0, 0);

  @Test
  void nodesGetTypeNumberModeAndParents() throws Exception {
    dev.create(SDA1);
    dev.create(USB);
    DevfsStat s = dev.stat("/sda1");
    assertEquals(DevfsNode.S_IFBLK | 0600, s.mode());
    assertEquals(8, s.rdevMajor());
    assertEquals(1, s.rdevMinor());
    assertEquals(DevfsNode.S_IFCHR | 0664, dev.stat("/bus/usb/001/002").mode());
    assertEquals(DevfsNode.S_IFDIR | 0755, dev.stat("/bus/usb").mode());
  }

  @Test
  void aDirectorysLinkCountFollowsItsSubdirectories() throws Exception {
    int root = dev.stat("/").nlink();
    dev.create(USB); // makes bus/
    dev.create(SDA1);
    assertEquals(root + 1, dev.stat("/").nlink());
    dev.mkdir("/a", 0755, 0, 0);
    dev.mkdir("/b", 0755, 0, 0);
    assertEquals(root + 3, dev.stat("/").nlink());
    dev.rename("/b", "/bus/b"); // moved down: one less here, one more there
    assertEquals(root + 2, dev.stat("/").nlink());
    assertEquals(2 + 2, dev.stat("/bus").nlink());
    dev.rename("/a", "/bus/b"); // an empty directory replaced by a directory
    assertEquals(root + 1, dev.stat("/").nlink());
    assertEquals(2 + 2, dev.stat("/bus").nlink());
    dev.rmdir("/bus/b");
    assertEquals(2 + 1, dev.stat("/bus").nlink());
    dev.delete(USB); // takes bus/ with it
    assertEquals(root, dev.stat("/").nlink());
  }

  @Test
  void deleteRemovesKernelMadeParentsButKeepsUserFiles() throws Exception {
    dev.create(USB);
    dev.create(new DevNode("bus/usb/001/003", false, new DevNum(189, 2), 0600, 0, 0));
    dev.delete(USB);
    assertEquals(List.of("003"), dev.readdir("/bus/usb/001"));
    dev.mknod("/bus/usb/001/mine", DevfsNode.S_IFREG | 0644, 0, 0, 0, 0);
    dev.delete(new DevNode("bus/usb/001/003", false, new DevNum(189, 2), 0600, 0, 0));
    assertEquals(List.of("mine"), dev.readdir("/bus/usb/001"));
    dev.unlink("/bus/usb/001/mine");
    assertEquals(List.of("bus"), dev.readdir("/"), "001 is empty now but only a later delete prunes it");
  }

  @Test
  void existingNameIsLeftAloneAndUserReplacedNodeSurvivesDelete() throws Exception {
    dev.mknod("/sda1", DevfsNode.S_IFBLK | 0660, 8, 1, 0, 6);
    dev.create(SDA1);
    assertEquals(DevfsNode.S_IFBLK | 0660, dev.stat("/sda1").mode());
    dev.delete(SDA1);
    assertEquals(6, dev.stat("/sda1").gid(), "a node made by user space is not deleted");
  }

  @Test
  void chmodBeforeDeleteDoesNotStopIt() throws Exception {
    dev.create(SDA1);
    dev.chmod("/sda1", 0660);
    dev.chown("/sda1", 0, 6);
    dev.delete(SDA1);
    assertEquals(Errno.ENOENT, assertThrows(SysfsException.class, () -> dev.stat("/sda1")).errno());
  }

  @Test
  void userNamespaceOperations() throws Exception {
    dev.mkdir("/disk", 0755, 0, 0);
    dev.symlink("../sda1", "/disk/by-label", 0, 0);
    assertEquals("../sda1", dev.readlink("/disk/by-label"));
    dev.create("/mdev.seq", 0644, 0, 0);
    DevfsNode.RegularFile f = (DevfsNode.RegularFile) dev.lookup("/mdev.seq");
    dev.write(f, 0, "42".getBytes(), false);
    assertArrayEquals("42".getBytes(), dev.read(f, 0, 10));
    dev.rename("/mdev.seq", "/disk/seq");
    assertEquals(List.of("by-label", "seq"), dev.readdir("/disk"));
    assertEquals(Errno.ENOTEMPTY, assertThrows(SysfsException.class, () -> dev.rmdir("/disk")).errno());
    assertEquals(Errno.EEXIST, assertThrows(SysfsException.class, () -> dev.mkdir("/disk", 0755, 0, 0)).errno());
    assertEquals(Errno.ENOENT, assertThrows(SysfsException.class, () -> dev.unlink("/nope")).errno());
  }
}
