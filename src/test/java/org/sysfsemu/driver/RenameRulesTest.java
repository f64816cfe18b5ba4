package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.testing.TestKernel;

/** Renames only where Linux renames: network interfaces, with the kernel's name rules. */
class RenameRulesTest {
  private static final String SDA =
      "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda";
  private static final String ETH0 = "/devices/pci0000:00/0000:00:03.0/net/eth0";
  private TestKernel k;

  @BeforeEach
  void load() throws Exception {
    try (InputStream in = RenameRulesTest.class.getResourceAsStream("/org/sysfsemu/default-tree.umockdev")) {
      k = TestKernel.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  @AfterEach
  void close() {
    k.close();
  }

  private void refused(String devpath, String newName, Errno errno) {
    String before = TreeDump.dump(k.kernel.kernfs());
    SysfsException e = assertThrows(SysfsException.class,
        () -> k.kernel.core().rename(k.kernel.core().device(devpath), newName));
    assertEquals(errno, e.errno(), e.getMessage());
    assertEquals(before, TreeDump.dump(k.kernel.kernfs()), "the tree is unchanged");
    assertEquals(List.of(), k.events, "no event");
  }

  @Test
  void blockTtyUsbAndPciDevicesCannotBeRenamed() {
    refused(SDA, "sdz", Errno.EPERM);
    refused(SDA + "/sda1", "sdz1", Errno.EPERM);
    refused("/devices/platform/serial8250/tty/ttyS0", "ttyS9", Errno.EPERM);
    refused("/devices/pci0000:00/0000:00:14.0/usb1/1-1", "1-9", Errno.EPERM);
    refused("/devices/pci0000:00/0000:00:03.0", "0000:00:09.0", Errno.EPERM);
  }

  @Test
  void interfaceNamesFollowDevValidName() {
    for (String bad : List.of("", ".", "..", "a/b", "a:b", "a b", "a\tb", "sixteen-bytes-xx")) {
      refused(ETH0, bad, Errno.EINVAL);
    }
    refused(ETH0, "lo", Errno.EEXIST);
    assertTrue(RenameRules.validInterfaceName("fifteen-bytes-x"));
  }

  @Test
  void renamingEth0KeepsClassNetConsistent() throws Exception {
    k.kernel.core().rename(k.kernel.core().device(ETH0), "enp0s3");
    String renamed = "/devices/pci0000:00/0000:00:03.0/net/enp0s3";
    assertEquals("move " + renamed, k.events.get(0).action().wireName() + " " + k.events.get(0).devpath());
    assertEquals("../../devices" + renamed.substring("/devices".length()), k.readlink("/class/net/enp0s3"));
    assertNull(k.node("/class/net/eth0"));
    assertNull(k.node(ETH0));
    assertEquals("../../../0000:00:03.0", k.readlink(renamed + "/device"));
    assertEquals("../../../../../class/net", k.readlink(renamed + "/subsystem"));
    assertEquals("INTERFACE=enp0s3\nIFINDEX=2\n", k.read(renamed + "/uevent"));
  }
}
