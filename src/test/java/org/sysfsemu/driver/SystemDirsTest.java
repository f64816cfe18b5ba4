package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.testing.TestKernel;

/** /sys/module, /sys/firmware, /sys/fs, /sys/power, /sys/hypervisor and virtual bus roots. */
class SystemDirsTest {
  private TestKernel k;

  @BeforeEach
  void load() throws Exception {
    try (InputStream in = SystemDirsTest.class.getResourceAsStream("/org/sysfsemu/default-tree.umockdev")) {
      k = TestKernel.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  @AfterEach
  void close() {
    k.close();
  }

  private List<String> ls(String path) {
    return ((KernfsDir) k.node(path)).childNames().stream().sorted().toList();
  }

  @Test
  void oneModulePerDriverModuleWithLinksBothWays() throws Exception {
    assertEquals(List.of("8250", "atkbd", "e1000", "hid_generic", "i8042", "sd_mod", "usb_storage", "usbcore",
        "usbhid", "xhci_pci"), ls("/module"));
    assertEquals("../../../../module/usb_storage", k.readlink("/bus/usb/drivers/usb-storage/module"));
    assertEquals("../../../bus/usb/drivers/usb-storage", k.readlink("/module/usb_storage/drivers/usb:usb-storage"));
    assertEquals(List.of("usb:hub", "usb:usb"), ls("/module/usbcore/drivers"));
    assertEquals("../../../../module/xhci_pci", k.readlink("/bus/pci/drivers/xhci_hcd/module"));
    assertEquals("1\n", k.read("/module/usb_storage/parameters/delay_use"));
    assertEquals("live\n", k.read("/module/usb_storage/initstate"));
    assertNull(k.node("/module/8250/initstate"), "built in");
    assertEquals("32\n", k.read("/module/8250/parameters/nr_uarts"));
  }

  @Test
  void writingAModulesUeventSendsSubsystemModule() throws Exception {
    assertFalse(((KernfsFile) k.node("/module/usbhid/uevent")).ops().canShow());
    k.write("/module/usbhid/uevent", "add");
    assertEquals(List.of("ACTION=add", "DEVPATH=/module/usbhid", "SUBSYSTEM=module", "SYNTH_UUID=0", "SEQNUM=1"),
        k.events.get(0).env());
  }

  @Test
  void firmwareFsPowerHypervisor() throws Exception {
    assertEquals(List.of(), ls("/fs/cgroup"), "no cgroup hierarchy to mislead a JVM or systemd");
    assertEquals(List.of("bpf", "cgroup", "pstore"), ls("/fs"));
    assertEquals(List.of("tables"), ls("/firmware/acpi"));
    assertNull(k.node("/firmware/efi"), "a BIOS machine");
    assertEquals(List.of(), ls("/hypervisor"));
    assertEquals("freeze mem disk\n", k.read("/power/state"));
    assertEquals("s2idle [deep]\n", k.read("/power/mem_sleep"));
    assertFalse(((KernfsFile) k.node("/power/state")).ops().canStore(), "the emulated machine does not suspend");
  }

  @Test
  void virtualBusRootDevicesHaveAnEmptyUevent() throws Exception {
    k.kernel.coldplug(TreeLoader.parse("wq", "P: /devices/virtual/workqueue/writeback\nE: SUBSYSTEM=workqueue\n\n"
        + "P: /devices/virtual/memory_tiering/memory_tier4\nE: SUBSYSTEM=memory_tiering\n\n"));
    assertEquals("", k.read("/devices/virtual/workqueue/uevent"));
    assertEquals("", k.read("/devices/virtual/memory_tiering/uevent"));
    assertEquals("../../../../bus/workqueue", k.readlink("/devices/virtual/workqueue/writeback/subsystem"));
    assertNull(k.node("/devices/virtual/mem/uevent"), "a class directory has none");
    assertNull(k.node("/devices/virtual/uevent"));
    assertTrue(k.node("/devices/virtual/workqueue") instanceof KernfsDir);
  }
}
