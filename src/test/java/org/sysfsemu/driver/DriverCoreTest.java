package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsNode;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.testing.TestKernel;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEvent;

/** Runtime hotplug through the driver core: lifecycle order, bind/unbind, rename, change, online. */
class DriverCoreTest {
  /**
   * A stick plugged into an existing root hub.
   *
   * <pre>
   * usb1/1-1 (usb_device, usb) / 1-1:1.0 (usb_interface, usb-storage) / host0 / target0:0:0 /
   *   0:0:0:0 (sd) / block/sda / sda1
   * </pre>
   */
  static final String STICK = """
      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
      E: SUBSYSTEM=usb
      E: DEVTYPE=usb_device
      E: DRIVER=usb
      E: DEVNAME=/dev/bus/usb/001/002
      E: MAJOR=189
      E: MINOR=1
      E: PRODUCT=781/5567/100
      E: TYPE=0/0/0
      E: BUSNUM=001
      E: DEVNUM=002

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0
      E: SUBSYSTEM=usb
      E: DEVTYPE=usb_interface
      E: DRIVER=usb-storage
      E: PRODUCT=781/5567/100
      E: TYPE=0/0/0
      E: INTERFACE=8/6/80
      E: MODALIAS=usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0
      E: SUBSYSTEM=scsi
      E: DEVTYPE=scsi_host

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0
      E: SUBSYSTEM=scsi
      E: DEVTYPE=scsi_target

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0
      E: SUBSYSTEM=scsi
      E: DEVTYPE=scsi_device
      E: DRIVER=sd
      E: MODALIAS=scsi:t-0x00

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda
      E: SUBSYSTEM=block
      E: DEVTYPE=disk
      E: DEVNAME=/dev/sda
      E: MAJOR=8
      E: MINOR=0
      A: size=31260672\\n

      P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1
      E: SUBSYSTEM=block
      E: DEVTYPE=partition
      E: DEVNAME=/dev/sda1
      E: MAJOR=8
      E: MINOR=1
      E: PARTN=1
      A: online=1\\n
      """;
  static final String HUB = """
      P: /devices/pci0000:00/0000:00:14.0
      E: SUBSYSTEM=pci
      E: DRIVER=xhci_hcd

      P: /devices/pci0000:00/0000:00:14.0/usb1
      E: SUBSYSTEM=usb
      E: DEVTYPE=usb_device
      E: DRIVER=usb
      """;
  static final String ROOT = "/devices/pci0000:00/0000:00:14.0/usb1/1-1";

  private TestKernel k;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    k = TestKernel.of(HUB + "\n" + TestKernel.BASIC);
    k.kernel.engine().addSink(e -> log.add(e.action().wireName() + " " + e.devpath().replace(ROOT, "~")
        + (k.node("/dev/block/8:1") != null ? " [8:1 linked]" : "")));
    k.kernel.core().setDevtmpfs(new Devtmpfs() {
      @Override
      public void create(DevNode n) {
        log.add("devtmpfs create " + n.name());
      }

      @Override
      public void delete(DevNode n) {
        log.add("devtmpfs delete " + n.name());
      }
    });
  }

  @AfterEach
  void tearDown() {
    k.close();
  }

  private void plug() throws Exception {
    k.kernel.core().deviceAddAll(TreeLoader.parse("stick", STICK), true);
  }

  @Test
  void plugSendsTheCascadeParentsFirstWithBindAfterProbeCreatedChildren() throws Exception {
    plug();
    assertEquals(List.of(
        // usb-storage's probe makes the SCSI host, then the interface and the device are bound; the
        // target comes from the later scan, and sd's probe makes the disk before sd is bound
        "devtmpfs create bus/usb/001/002", "add ~", "add ~/1-1:1.0", "add ~/1-1:1.0/host0",
        "bind ~/1-1:1.0", "bind ~",
        "add ~/1-1:1.0/host0/target0:0:0", "add ~/1-1:1.0/host0/target0:0:0/0:0:0:0",
        "devtmpfs create sda", "add ~/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda",
        "devtmpfs create sda1", "add ~/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1 [8:1 linked]",
        "bind ~/1-1:1.0/host0/target0:0:0/0:0:0:0 [8:1 linked]"), log);
    UEvent bind = k.events.stream().filter(e -> e.devpath().equals(ROOT) && e.action() == KObjectAction.BIND)
        .findFirst().orElseThrow();
    assertEquals("usb", bind.get("DRIVER"));
    assertEquals("sd", k.events.get(k.events.size() - 1).get("DRIVER"));
    assertEquals("../../../../../bus/usb/drivers/usb", k.readlink("/devices/pci0000:00/0000:00:14.0/usb1/1-1/driver"));
  }

  @Test
  void deviceCountIsTheNumberOfDevicesAsTheTreeChanges() throws Exception {
    int before = k.kernel.core().devices().size();
    assertEquals(before, k.kernel.core().deviceCount());
    plug();
    int plugged = k.kernel.core().devices().size();
    assertTrue(plugged > before, "the plug added devices");
    assertEquals(plugged, k.kernel.core().deviceCount());
    k.kernel.core().deviceDel(k.kernel.core().device(ROOT), false);
    assertEquals(k.kernel.core().devices().size(), k.kernel.core().deviceCount());
    assertEquals(before, k.kernel.core().deviceCount());
  }

  @Test
  void unplugRemovesChildrenFirstWithUnbindBeforeRemoveAndLeavesTheTreeAsBefore() throws Exception {
    // Drivers, buses and classes stay once they exist, as loaded modules do; devices go.
    plug();
    k.kernel.core().deviceDel(k.kernel.core().device(ROOT), false);
    String before = TreeDump.dump(k.kernel.kernfs());
    assertEquals(List.of(), List.of(before.split("\n")).stream().filter(l -> l.contains("/1-1")).toList());
    plug();
    log.clear();
    k.events.clear();
    Device stick = k.kernel.core().device(ROOT);
    KernfsNode sdaSize = k.node(ROOT + "/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/size");
    k.kernel.core().deviceDel(stick, true);
    assertEquals(List.of(
        "devtmpfs delete sda1", "remove ~/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1",
        "devtmpfs delete sda", "remove ~/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda",
        "unbind ~/1-1:1.0/host0/target0:0:0/0:0:0:0", "remove ~/1-1:1.0/host0/target0:0:0/0:0:0:0",
        "remove ~/1-1:1.0/host0/target0:0:0", "remove ~/1-1:1.0/host0",
        "unbind ~/1-1:1.0", "remove ~/1-1:1.0",
        "devtmpfs delete bus/usb/001/002", "unbind ~", "remove ~"), log);
    UEvent unbind = k.events.get(4);
    assertNull(unbind.get("DRIVER"));
    assertNull(unbind.get("MODALIAS"));
    UEvent removeSda1 = k.events.get(0);
    assertEquals("8", removeSda1.get("MAJOR"));
    assertEquals("sda1", removeSda1.get("DEVNAME"));
    assertTrue(sdaSize.isRemoved(), "open handles on removed attributes see ENODEV");
    assertEquals(before, TreeDump.dump(k.kernel.kernfs()));
  }

  @Test
  void attributesAndNodeAreGoneWhenRemoveIsPublished() throws Exception {
    plug();
    String sda = ROOT + "/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda";
    List<String> seen = new ArrayList<>();
    k.kernel.engine().addSink(e -> {
      if (e.devpath().equals(sda) && e.action().wireName().equals("remove")) {
        seen.add("size=" + (k.node(sda + "/size") != null) + " uevent=" + (k.node(sda + "/uevent") != null)
            + " devlink=" + (k.node("/dev/block/8:0") != null) + " dir=" + (k.node(sda) != null));
      }
    });
    k.kernel.core().deviceDel(k.kernel.core().device(ROOT), true);
    assertEquals(List.of("size=false uevent=false devlink=false dir=true"), seen);
  }

  @Test
  void bindAndUnbindThroughSysfsFiles() throws Exception {
    String drv = "/bus/platform/drivers/serial8250";
    assertEquals(11, k.write(drv + "/unbind", "serial8250\n"));
    assertNull(k.node("/devices/platform/serial8250/driver"));
    assertNull(k.node(drv + "/serial8250"));
    assertEquals("unbind", k.events.get(0).action().wireName());
    assertNull(k.events.get(0).get("MODALIAS"));
    SysfsException notBound = assertThrows(SysfsException.class, () -> k.write(drv + "/unbind", "serial8250"));
    assertEquals(Errno.ENODEV, notBound.errno());
    assertEquals(10, k.write(drv + "/bind", "serial8250"));
    assertEquals("bind", k.events.get(1).action().wireName());
    assertEquals("serial8250", k.events.get(1).get("DRIVER"));
    assertEquals(Errno.EBUSY, assertThrows(SysfsException.class, () -> k.write(drv + "/bind", "serial8250")).errno());
    assertEquals(Errno.ENODEV, assertThrows(SysfsException.class, () -> k.write(drv + "/bind", "nosuch")).errno());
    assertEquals(2, k.events.size());
  }

  @Test
  void renameMovesLinksAndSendsMoveWithDevpathOld() throws Exception {
    String rec = "P: /devices/virtual/net/eth0\nE: SUBSYSTEM=net\nE: INTERFACE=eth0\nE: IFINDEX=2\nA: mtu=1500\\n\n";
    k.kernel.coldplug(TreeLoader.parse("net", rec));
    Device eth0 = k.kernel.core().device("/devices/virtual/net/eth0");
    k.kernel.core().rename(eth0, "enp0s3");
    assertEquals(List.of("ACTION=move", "DEVPATH=/devices/virtual/net/enp0s3", "SUBSYSTEM=net",
        "DEVPATH_OLD=/devices/virtual/net/eth0", "INTERFACE=enp0s3", "IFINDEX=2", "SEQNUM=1"),
        k.events.get(0).env());
    assertEquals("../../devices/virtual/net/enp0s3", k.readlink("/class/net/enp0s3"));
    assertNull(k.node("/class/net/eth0"));
    assertEquals("1500\n", k.read("/devices/virtual/net/enp0s3/mtu"));
    assertNotNull(k.kernel.core().device("/devices/virtual/net/enp0s3"));
    k.kernel.coldplug(TreeLoader.parse("net", rec));
    Device again = k.kernel.core().device("/devices/virtual/net/eth0");
    SysfsException e = assertThrows(SysfsException.class, () -> k.kernel.core().rename(again, "enp0s3"));
    assertEquals(Errno.EEXIST, e.errno());
    assertEquals(1, k.events.size());
  }

  @Test
  void changeWithExtraKeysAndSetAttribute() throws Exception {
    Device nul = k.kernel.core().device("/devices/virtual/mem/null");
    k.kernel.core().change(nul, List.of("DISK_MEDIA_CHANGE=1"));
    assertEquals(List.of("ACTION=change", "DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem",
        "DISK_MEDIA_CHANGE=1", "MAJOR=1", "MINOR=3", "DEVNAME=null", "DEVMODE=0666", "SEQNUM=1"),
        k.events.get(0).env());
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class,
        () -> k.kernel.core().change(nul, List.of("novalue"))).errno());
    Device pci = k.kernel.core().device("/devices/pci0000:00/0000:00:02.0");
    k.kernel.core().setAttribute(pci, "vendor", "0x8086\n".getBytes());
    assertEquals("0x8086\n", k.read("/devices/pci0000:00/0000:00:02.0/vendor"));
    assertEquals(Errno.ENOENT, assertThrows(SysfsException.class,
        () -> k.kernel.core().setAttribute(pci, "nosuch", new byte[0])).errno());
  }

  @Test
  void onlineAttributeSendsOnlineAndOffline() throws Exception {
    plug();
    k.events.clear();
    String online = ROOT + "/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1/online";
    assertEquals(2, k.write(online, "0\n"));
    assertEquals("0\n", k.read(online));
    assertEquals(1, k.write(online, "0"));
    assertEquals(2, k.write(online, "on"));
    assertEquals(List.of("offline", "online"), k.events.stream().map(e -> e.action().wireName()).toList());
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class, () -> k.write(online, "maybe")).errno());
    assertEquals("1\n", k.read(online));
  }

  @Test
  void duplicateAddLeavesTreeNodesAndSeqnumUnchanged() throws Exception {
    plug();
    String before = TreeDump.dump(k.kernel.kernfs());
    long seq = k.seqnum();
    List<String> logBefore = List.copyOf(log);
    SysfsException e = assertThrows(SysfsException.class, this::plug);
    assertEquals(Errno.EEXIST, e.errno());
    assertEquals(before, TreeDump.dump(k.kernel.kernfs()));
    assertEquals(seq, k.seqnum());
    assertEquals(logBefore, log);
  }
}
