package org.sysfsemu.devfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;

/** udev's links in the /dev tree: directories made and removed with them, other files left alone. */
class DevlinkDirTest {
  private final DevfsTree tree = new DevfsTree(Clock.systemUTC());
  private final DevlinkDir links = new DevlinkDir(tree);

  @Test
  void linksComeWithTheirDirectoriesAndGoWithThem() throws Exception {
    tree.mkdir("/disk", 0700, 5, 5);
    links.link("disk/by-id/a", "../../sda");
    links.link("disk/by-id/b", "../../sdb");
    DevfsStat dir = tree.stat("/disk/by-id");
    assertEquals(DevfsNode.S_IFDIR | 0755, dir.mode());
    assertEquals("../../sda", tree.readlink("/disk/by-id/a"));
    links.link("disk/by-id/a", "../../sdc");
    assertEquals("../../sdc", tree.readlink("/disk/by-id/a"), "replaced");
    assertEquals(java.util.Set.of("a", "b"), java.util.Set.copyOf(tree.readdir("/disk/by-id")), "no temporary name left");
    links.unlink("disk/by-id/a");
    assertEquals(List.of("b"), tree.readdir("/disk/by-id"));
    links.unlink("disk/by-id/b");
    assertThrows(SysfsException.class, () -> tree.lookup("/disk"), "empty directories above go, up to /dev");
  }

  @Test
  void aNameHeldByAnotherKindOfFileIsLeftAlone() throws Exception {
    tree.mknod("/mystick", DevfsNode.S_IFREG | 0644, 0, 0, 0, 0);
    links.link("mystick", "sdb1");
    assertInstanceOf(DevfsNode.RegularFile.class, tree.lookup("/mystick"));
    tree.mknod("/disk", DevfsNode.S_IFREG | 0644, 0, 0, 0, 0);
    links.link("disk/by-id/x", "../../sda");
    assertInstanceOf(DevfsNode.RegularFile.class, tree.lookup("/disk"));
  }
}
