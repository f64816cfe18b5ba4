package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.testing.TestKernel;

/**
 * Driver unbind and bind through sysfs run the modelled drivers' remove() and probe(): the events
 * are compared with the order the kernel sends them in (drivers/usb/storage/usb.c
 * usb_stor_disconnect, drivers/scsi/hosts.c scsi_remove_host, drivers/scsi/scsi_sysfs.c
 * __scsi_remove_device, drivers/scsi/sd.c sd_remove; probe: usb_stor_probe2 adds the host, the
 * scan thread then adds target and device).
 */
class DriverModelsTest {
  private static final String IFACE = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0";
  private static final String HOST = IFACE + "/host0";
  private static final String SDEV = HOST + "/target0:0:0/0:0:0:0";
  private TestKernel k;

  @BeforeEach
  void load() throws Exception {
    try (InputStream in = DriverModelsTest.class.getResourceAsStream("/org/sysfsemu/default-tree.umockdev")) {
      k = TestKernel.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  @AfterEach
  void close() {
    k.close();
  }

  private List<String> events() {
    List<String> out = k.events.stream().map(e -> e.action().wireName() + " " + e.devpath()).toList();
    k.events.clear();
    return out;
  }

  private String dump() {
    return TreeDump.dump(k.kernel.kernfs());
  }

  @Test
  void usbStorageUnbindRemovesTheScsiHostAndBelowInTheKernelsOrderAndBindBringsThemBack() throws Exception {
    String before = dump();
    assertEquals(7, k.write("/bus/usb/drivers/usb-storage/unbind", "1-1:1.0"));
    assertEquals(List.of(
        "remove " + SDEV + "/bsg/0:0:0:0",
        "remove " + SDEV + "/scsi_generic/sg0",
        "remove " + SDEV + "/scsi_device/0:0:0:0",
        "remove " + SDEV + "/scsi_disk/0:0:0:0",
        "remove " + SDEV + "/block/sda/sda1",
        "remove " + SDEV + "/block/sda",
        "unbind " + SDEV,
        "remove " + SDEV,
        "remove " + HOST + "/target0:0:0",
        "remove " + HOST + "/scsi_host/host0",
        "remove " + HOST,
        "unbind " + IFACE), events());
    assertNull(k.node(HOST));
    assertNull(k.node("/block/sda"));
    assertNull(k.node("/dev/block/8:1"));
    assertNull(k.node("/class/scsi_host/host0"));
    assertNull(k.node(IFACE + "/driver"));
    assertNotNull(k.node(IFACE), "the interface stays, without a driver");

    assertEquals(8, k.write("/bus/usb/drivers/usb-storage/bind", "1-1:1.0\n"));
    assertEquals(List.of(
        "add " + HOST,
        "add " + HOST + "/scsi_host/host0",
        "bind " + IFACE,
        "add " + HOST + "/target0:0:0",
        "add " + SDEV,
        "add " + SDEV + "/scsi_disk/0:0:0:0",
        "add " + SDEV + "/scsi_device/0:0:0:0",
        "add " + SDEV + "/scsi_generic/sg0",
        "add " + SDEV + "/bsg/0:0:0:0",
        "add " + SDEV + "/block/sda",
        "add " + SDEV + "/block/sda/sda1",
        "bind " + SDEV), events());
    assertEquals(before, dump(), "the tree is as before");
  }

  @Test
  void sdUnbindRemovesOnlyWhatSdMade() throws Exception {
    k.write("/bus/scsi/drivers/sd/unbind", "0:0:0:0");
    assertEquals(List.of("remove " + SDEV + "/scsi_disk/0:0:0:0", "remove " + SDEV + "/block/sda/sda1",
        "remove " + SDEV + "/block/sda", "unbind " + SDEV), events());
    assertNotNull(k.node(SDEV + "/scsi_generic/sg0"));
    k.write("/bus/scsi/drivers/sd/bind", "0:0:0:0");
    assertEquals(List.of("add " + SDEV + "/scsi_disk/0:0:0:0", "add " + SDEV + "/block/sda",
        "add " + SDEV + "/block/sda/sda1", "bind " + SDEV), events());
  }

  @Test
  void unplugTakesTheStickAwayInTheKernelsOrder() throws Exception {
    k.kernel.core().deviceDel(k.kernel.core().device("/devices/pci0000:00/0000:00:14.0/usb1/1-1"), true);
    List<String> ev = events();
    assertEquals(List.of(
        "remove " + SDEV + "/bsg/0:0:0:0",
        "remove " + SDEV + "/scsi_generic/sg0",
        "remove " + SDEV + "/scsi_device/0:0:0:0",
        "remove " + SDEV + "/scsi_disk/0:0:0:0",
        "remove " + SDEV + "/block/sda/sda1",
        "remove " + SDEV + "/block/sda",
        "unbind " + SDEV,
        "remove " + SDEV,
        "remove " + HOST + "/target0:0:0",
        "remove " + HOST + "/scsi_host/host0",
        "remove " + HOST,
        "unbind " + IFACE,
        "remove " + IFACE,
        "unbind /devices/pci0000:00/0000:00:14.0/usb1/1-1",
        "remove /devices/pci0000:00/0000:00:14.0/usb1/1-1"), ev);
  }

  @Test
  void usbhidUnbindRemovesTheHidDeviceAndItsInputs() throws Exception {
    String iface = "/devices/pci0000:00/0000:00:14.0/usb1/1-5/1-5:1.0";
    String before = dump();
    String hid = iface + "/0003:0627:0001.0001";
    k.write("/bus/usb/drivers/usbhid/unbind", "1-5:1.0");
    // usbhid_disconnect -> hid_destroy_device -> hid-generic's remove: hid_disconnect (input, then hidraw)
    assertEquals(List.of(
        "remove " + hid + "/input/input1/event1",
        "remove " + hid + "/input/input1/mouse0",
        "remove " + hid + "/input/input1",
        "remove " + hid + "/hidraw/hidraw0",
        "unbind " + hid,
        "remove " + hid,
        "unbind " + iface), events());
    assertNull(k.node("/class/input/event1"));
    k.write("/bus/usb/drivers/usbhid/bind", "1-5:1.0");
    assertEquals(before, dump());
  }

  @Test
  void anotherDriversProbeDoesNotMakeWhatUsbStoragesRemoveTookAway() throws Exception {
    k.write("/bus/usb/drivers/usb-storage/unbind", "1-1:1.0");
    events();
    k.write("/bus/usb/drivers/usbhid/bind", "1-1:1.0");
    assertEquals(List.of("bind " + IFACE), events());
    assertNull(k.node(HOST));
    k.write("/bus/usb/drivers/usbhid/unbind", "1-1:1.0");
    k.write("/bus/usb/drivers/usb-storage/bind", "1-1:1.0");
    assertNotNull(k.node(SDEV + "/block/sda/sda1"), "usb-storage's own probe makes them again");
  }

  @Test
  void anUnmodelledDriversUnbindRemovesOnlyTheLinks() throws Exception {
    String hub = "/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0";
    k.write("/bus/usb/drivers/hub/unbind", "1-0:1.0");
    assertEquals(List.of("unbind " + hub), events());
    assertNull(k.node(hub + "/driver"));
    k.write("/bus/usb/drivers/hub/bind", "1-0:1.0");
    assertEquals(List.of("bind " + hub), events());
  }

  @Test
  void aBindWhoseDevicesNoLongerFitIsRefusedAndChangesNothing() throws Exception {
    k.write("/bus/usb/drivers/usb-storage/unbind", "1-1:1.0");
    k.kernel.coldplug(org.sysfsemu.loader.TreeLoader.parse("squat",
        "P: /devices/virtual/block/sda\nE: SUBSYSTEM=block\nE: DEVTYPE=disk\nE: MAJOR=8\nE: MINOR=0\n\n"));
    events();
    String before = dump();
    SysfsException e = assertThrows(SysfsException.class, () -> k.write("/bus/usb/drivers/usb-storage/bind", "1-1:1.0"));
    assertEquals(Errno.EEXIST, e.errno(), e.getMessage());
    assertEquals(before, dump(), "nothing added, the interface still unbound");
    assertEquals(List.of(), events());
    k.kernel.core().deviceDel(k.kernel.core().device("/devices/virtual/block/sda"), false);
    k.write("/bus/usb/drivers/usb-storage/bind", "1-1:1.0");
    assertNotNull(k.node(SDEV + "/block/sda/sda1"), "the next bind makes them");
  }

  @Test
  void unbindOfADeviceNotBoundThereIsRefusedAndChangesNothing() throws Exception {
    String before = dump();
    SysfsException e = assertThrows(SysfsException.class, () -> k.write("/bus/usb/drivers/usbhid/unbind", "1-1:1.0"));
    assertEquals(Errno.ENODEV, e.errno());
    assertEquals(before, dump());
    assertEquals(List.of(), events());
  }
}
