package org.sysfsemu.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.testing.TestKernel;

/** The embedded default tree as the model holds it: derived links, uevent files, drivers, nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultTreeTest {
  private static final String STICK = "/devices/pci0000:00/0000:00:14.0/usb1/1-1";
  private static final String SDA = STICK + "/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda";
  private TestKernel k;

  @BeforeAll
  void load() throws Exception {
    try (InputStream in = DefaultTreeTest.class.getResourceAsStream(TreeSource.DEFAULT_RESOURCE)) {
      k = TestKernel.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  @AfterAll
  void close() {
    k.close();
  }

  @Test
  void topLevelAndClasses() {
    assertEquals(java.util.List.of("block", "bus", "class", "dev", "devices", "firmware", "fs", "hypervisor", "kernel",
        "module", "power"),
        k.kernel.kernfs().root().childNames().stream().sorted().toList());
    assertEquals(0, k.seqnum(), "loaded as at boot: no events");
  }

  @Test
  void derivedLinks() {
    assertEquals("../../devices" + SDA.substring("/devices".length()) + "/sda1", k.readlink("/class/block/sda1"));
    assertEquals(".." + SDA, k.readlink("/block/sda"));
    assertEquals("../.." + SDA + "/sda1", k.readlink("/dev/block/8:1"));
    assertEquals("../../../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0",
        k.readlink("/bus/usb/drivers/usb-storage/1-1:1.0"));
    assertEquals("../../../bus/pci/drivers/e1000", k.readlink("/devices/pci0000:00/0000:00:03.0/driver"));
    assertEquals("../../../0000:00:03.0", k.readlink("/devices/pci0000:00/0000:00:03.0/net/eth0/device"));
    assertEquals("../../devices/virtual/net/lo", k.readlink("/class/net/lo"));
    assertEquals("../../../devices/platform/i8042/serio0", k.readlink("/bus/serio/devices/serio0"));
  }

  @Test
  void ueventFilesInTheKernelsOrder() throws Exception {
    assertEquals("MAJOR=8\nMINOR=1\nDEVNAME=sda1\nDEVTYPE=partition\nDISKSEQ=9\nPARTN=1\n",
        k.read(SDA + "/sda1/uevent"));
    assertEquals("MAJOR=189\nMINOR=1\nDEVNAME=bus/usb/001/002\nDEVTYPE=usb_device\nDRIVER=usb\n"
        + "PRODUCT=781/5567/100\nTYPE=0/0/0\nBUSNUM=001\nDEVNUM=002\n", k.read(STICK + "/uevent"));
    assertEquals("DEVTYPE=usb_interface\nDRIVER=usb-storage\nPRODUCT=781/5567/100\nTYPE=0/0/0\nINTERFACE=8/6/80\n"
        + "MODALIAS=usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00\n", k.read(STICK + "/1-1:1.0/uevent"));
    assertEquals("DRIVER=e1000\nPCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n"
        + "PCI_SLOT_NAME=0000:00:03.0\nMODALIAS=pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00\n",
        k.read("/devices/pci0000:00/0000:00:03.0/uevent"));
    assertEquals("INTERFACE=eth0\nIFINDEX=2\n", k.read("/devices/pci0000:00/0000:00:03.0/net/eth0/uevent"));
    assertEquals("MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n", k.read("/devices/virtual/mem/null/uevent"));
    assertEquals("DRIVER=atkbd\nSERIO_TYPE=06\nSERIO_PROTO=00\nSERIO_ID=00\nSERIO_EXTRA=00\n"
        + "MODALIAS=serio:ty06pr00id00ex00\n", k.read("/devices/platform/i8042/serio0/uevent"));
    String input0 = k.read("/devices/platform/i8042/serio0/input/input0/uevent");
    assertTrue(input0.startsWith("PRODUCT=11/1/1/ab41\nNAME=\"AT Translated Set 2 keyboard\"\n"
        + "PHYS=\"isa0060/serio0/input0\"\nPROP=0\nEV=120013\n"), input0);
    // the modalias a real AT keyboard has for this KEY bitmap
    assertTrue(input0.endsWith("MODALIAS=input:b0011v0001p0001eAB41-e0,1,4,11,14,k71,72,73,74,75,76,77,79,7A,7B,7C,"
        + "7D,7E,7F,80,8C,8E,8F,9B,9C,9D,9E,9F,A3,A4,A5,A6,AC,AD,B7,B8,B9,D9,E2,ram4,l0,1,2,sfw\n"), input0);
  }

  @Test
  void udevPropertiesAreKeptButNeverInUeventFiles() throws Exception {
    assertFalse(k.read(SDA + "/uevent").contains("ID_"));
    assertFalse(k.read("/devices/pci0000:00/0000:00:03.0/net/eth0/uevent").contains("ID_NET_NAME"));
    assertEquals("Cruzer_Blade", k.kernel.core().device(SDA).udevProperties().get("ID_MODEL"));
  }

  @Test
  void devtmpfsNodesAtLoad() throws Exception {
    DevfsNode sda1 = k.kernel.devfs().lookup("/sda1");
    assertTrue(sda1 instanceof DevfsNode.DeviceNode);
    assertEquals(DevfsNode.S_IFBLK | 0600, sda1.stat().mode());
    assertEquals(8, sda1.stat().rdevMajor());
    assertEquals(1, sda1.stat().rdevMinor());
    assertEquals(DevfsNode.S_IFCHR | 0666, k.kernel.devfs().stat("/urandom").mode());
    assertNotNull(k.kernel.devfs().lookup("/bus/usb/001/002"));
    assertNotNull(k.kernel.devfs().lookup("/input/event0"));
    assertNotNull(k.kernel.devfs().lookup("/bsg/0:0:0:0"));
  }
}
