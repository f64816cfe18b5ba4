package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.loader.TreeLoader;

/**
 * Real hardware tools (pciutils, usbutils, lshw), unmodified, run in the emulator's sandbox (where
 * the emulated /sys and /dev are /sys and /dev), read the default tree as they read the machine
 * the tree describes; then again with the USB stick and the other scenarios plugged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardwareToolsIT {
  @TempDir static Path dir;
  private Emulator emu;
  private List<DeviceSpec> tree;

  @BeforeAll
  void start() throws Exception {
    emu = Emulator.start(dir);
    tree = resource("/org/sysfsemu/default-tree.umockdev");
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  static List<DeviceSpec> resource(String name) throws Exception {
    try (InputStream in = HardwareToolsIT.class.getResourceAsStream(name)) {
      return TreeLoader.parse(name, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  static String attr(DeviceSpec s, String name) {
    for (DeviceSpec.AttributeSpec a : s.attributes()) {
      if (a.name().equals(name)) {
        return new String(a.value(), StandardCharsets.ISO_8859_1).trim();
      }
    }
    throw new AssertionError(s.devpath() + " has no " + name);
  }

  private static List<DeviceSpec> of(List<DeviceSpec> specs, String subsystem, String devtype) {
    return specs.stream().filter(s -> s.subsystem().equals(subsystem)
        && (devtype == null || devtype.equals(s.devtype()))).toList();
  }

  private static List<String> lines(String out) {
    return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
  }

  @Test
  void lspciListsEveryPciDeviceWithTheTreesIdsAndDrivers() throws Exception {
    List<DeviceSpec> pci = of(tree, "pci", null);
    List<String> nn = lines(emu.insideSh("lspci -nn").ok());
    assertEquals(pci.size(), nn.size(), String.join("\n", nn));
    for (int i = 0; i < pci.size(); i++) {
      DeviceSpec s = pci.get(i);
      String slot = s.name().substring("0000:".length());
      String ids = "[" + attr(s, "vendor").substring(2) + ":" + attr(s, "device").substring(2) + "]";
      String cls = "[" + attr(s, "class").substring(2, 6) + "]";
      String rev = "(rev " + attr(s, "revision").substring(2) + ")";
      String line = nn.get(i);
      assertTrue(line.startsWith(slot + " ") && line.contains(cls + ": ") && line.contains(ids) && line.endsWith(rev),
          "lspci -nn line for " + s.devpath() + ": " + line);
    }
    String v = emu.insideSh("lspci -v").ok();
    for (DeviceSpec s : pci) {
      String slot = s.name().substring("0000:".length());
      String block = v.substring(v.indexOf(slot + " "));
      block = block.contains("\n\n") ? block.substring(0, block.indexOf("\n\n") + 1) : block;
      if (s.driver() != null) {
        assertTrue(block.contains("\tKernel driver in use: " + s.driver() + "\n"), block);
      } else {
        assertFalse(block.contains("Kernel driver in use"), block);
      }
    }
    assertTrue(v.contains("\tMemory at febc0000 (32-bit, non-prefetchable) [size=128K]\n"), v);
    assertTrue(v.contains("\tCapabilities: [90] MSI-X: Enable+ Count=16 Masked-\n"), v);
  }

  @Test
  void configAndDescriptorsAreBinaryAttributesOfTheirDeclaredSizeReadByOffset() {
    String pci = emu.sys() + "/bus/pci/devices/0000:00:03.0/config";
    assertEquals("256 256\n", Shell.sh("echo $(stat -c %s " + q(pci) + ") $(cat " + q(pci) + " | wc -c)").ok());
    assertEquals(" 0e 10 07 01\n", Shell.sh("dd if=" + q(pci) + " bs=1 skip=2 count=4 status=none | od -An -tx1").ok(),
        "device id and command register at their offsets");
    String usb = emu.sys() + "/bus/usb/devices/1-1/descriptors";
    assertEquals("65553 50\n", Shell.sh("echo $(stat -c %s " + q(usb) + ") $(cat " + q(usb) + " | wc -c)").ok(),
        "declared 18 + 65535 as Linux; the device and configuration descriptors are read");
  }

  @Test
  void aJvmInTheSandboxFindsAnEmptyCgroupDirectoryAndStarts() {
    assertEquals("", emu.insideSh("ls -A /sys/fs/cgroup").ok());
    Shell.Result java = emu.insideSh("java -XshowSettings:system -version 2>&1");
    assertEquals(0, java.exit(), java.out());
    assertTrue(java.out().contains("Memory Limit: Unlimited"), "no invented limits: " + java.out());
  }

  @Test
  void lshwNamesThePciDevices() {
    String out = emu.insideSh("lshw -short -quiet").ok();
    assertFalse(out.contains(" generic "), out);
    assertTrue(out.matches("(?s).*\n/0/100 +bridge +440FX - 82441FX PMC \\[Natoma\\]\n.*"), out);
    // no logical name: the sandbox's network namespace has no eth0 (interfaces are not in any network stack)
    assertTrue(out.matches("(?s).*\n/0/100/3 +network +82540EM Gigabit Ethernet Controller\n.*"), out);
    assertTrue(out.matches("(?s).*\n/0/100/14 +bus +QEMU XHCI Host Controller\n.*"), out);
    assertFalse(out.contains("/0/100/14/"), "no USB devices: lshw reads them from usbfs or debugfs, not emulated");
  }

  @Test
  void lsusbListsEveryUsbDeviceAndTheTopology() throws Exception {
    checkUsb(tree);
  }

  @Test
  void withTheStickPluggedLsusbDecodesItsDescriptors() throws Exception {
    List<DeviceSpec> stick = resource("/org/sysfsemu/scenarios/usb-stick.umockdev");
    Shell.sh("echo usb-stick > " + q(emu.dev() + "/.sysfs-emu/plug")).ok();
    try {
      List<DeviceSpec> all = new ArrayList<>(tree);
      all.addAll(stick);
      checkUsb(all);
      DeviceSpec s = stick.get(0);
      Shell.Result v = emu.insideSh("lsusb -v -d " + attr(s, "idVendor") + ":" + attr(s, "idProduct"));
      assertEquals(0, v.exit(), v.err());
      for (String l : lines(v.err())) {
        assertEquals("Couldn't open device, some information will be missing", l, "only device I/O is missing");
      }
      String out = v.out();
      for (String expected : List.of("  bcdUSB               2.00\n", "  idVendor           0x0781 ",
          "  bcdDevice            1.00\n", "  bMaxPacketSize0        64\n", "  iSerial                 3 " + attr(s, "serial") + "\n",
          "    bNumInterfaces          1\n", "    MaxPower              200mA\n", "      bInterfaceClass         8 Mass Storage\n",
          "      bInterfaceProtocol     80 Bulk-Only\n", "        bEndpointAddress     0x81  EP 1 IN\n",
          "        bEndpointAddress     0x02  EP 2 OUT\n", "        wMaxPacketSize     0x0200  1x 512 bytes\n")) {
        assertTrue(out.contains(expected), "lsusb -v shows '" + expected + "':\n" + out);
      }
      assertFalse(out.contains("junk") || out.contains("INVALID") || out.contains("short"), out);
    } finally {
      Shell.sh("echo usb-stick > " + q(emu.dev() + "/.sysfs-emu/unplug")).ok();
    }
  }

  @Test
  void lsusbDecodesEveryUsbDeviceOfTheTreeAndTheScenarios() throws Exception {
    List<String> scenarios = List.of("usb-stick", "usb-keyboard", "net-interface");
    List<DeviceSpec> all = new ArrayList<>(tree);
    for (String s : scenarios) {
      all.addAll(resource("/org/sysfsemu/scenarios/" + s + ".umockdev"));
      Shell.sh("echo " + s + " > " + q(emu.dev() + "/.sysfs-emu/plug")).ok();
    }
    try {
      checkUsb(all);
      Shell.Result v = emu.insideSh("lsusb -v");
      assertEquals(0, v.exit(), v.err());
      List<DeviceSpec> usb = of(all, "usb", "usb_device");
      assertEquals(usb.size(), lines(v.err()).size(), v.err());
      for (String l : lines(v.err())) {
        assertEquals("Couldn't open device, some information will be missing", l, "only device I/O is missing");
      }
      assertEquals(usb.size(), v.out().split("\nDevice Descriptor:\n", -1).length - 1, v.out());
      for (DeviceSpec s : usb) {
        String head = String.format("Bus %03d Device %03d: ID %s:%s", Integer.parseInt(attr(s, "busnum")),
            Integer.parseInt(attr(s, "devnum")), attr(s, "idVendor"), attr(s, "idProduct"));
        String block = v.out().substring(v.out().indexOf(head));
        int next = block.indexOf("\nBus ", 1);
        block = next < 0 ? block : block.substring(0, next);
        assertTrue(block.contains(String.format("  bMaxPacketSize0%10s\n", attr(s, "bMaxPacketSize0"))), block);
        assertTrue(block.contains(String.format("    bNumInterfaces%11s\n", attr(s, "bNumInterfaces"))), block);
        assertTrue(block.contains(String.format("    MaxPower%19s\n", attr(s, "bMaxPower"))), block);
        assertFalse(block.contains("UNRECOGNIZED") || block.contains("junk") || block.contains("INVALID"), block);
      }
    } finally {
      for (String s : scenarios) {
        Shell.sh("echo " + s + " > " + q(emu.dev() + "/.sysfs-emu/unplug")).ok();
      }
    }
  }

  private void checkUsb(List<DeviceSpec> specs) {
    List<DeviceSpec> usb = of(specs, "usb", "usb_device");
    Shell.Result r = emu.insideSh("lsusb");
    assertEquals("", r.err());
    List<String> lines = lines(r.ok());
    assertEquals(usb.size(), lines.size(), r.out());
    for (DeviceSpec s : usb) {
      String prefix = String.format("Bus %03d Device %03d: ID %s:%s", Integer.parseInt(attr(s, "busnum")),
          Integer.parseInt(attr(s, "devnum")), attr(s, "idVendor"), attr(s, "idProduct"));
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix + " ")), prefix + " in\n" + r.out());
    }
    Shell.Result t = emu.insideSh("lsusb -t");
    assertEquals("", t.err(), "lsusb -t finds every file it reads");
    List<String> tree = lines(t.ok());
    for (DeviceSpec s : usb) {
      int bus = Integer.parseInt(attr(s, "busnum"));
      String speed = attr(s, "speed");
      speed = speed.equals("1.5") ? "1.5M" : speed + "M";
      if (Integer.parseInt(attr(s, "maxchild")) > 0 && s.name().startsWith("usb")) {
        String rootLine = String.format("/:  Bus %02d.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/%sp, %s", bus,
            attr(s, "maxchild"), speed);
        assertTrue(tree.contains(rootLine), rootLine + " in\n" + t.out());
        continue;
      }
      String port = s.name().substring(s.name().lastIndexOf('-') + 1);
      for (DeviceSpec i : of(specs, "usb", "usb_interface")) {
        if (i.parentPath().equals(s.devpath())) {
          String line = String.format("    |__ Port %s: Dev %d, If %d, Class=%s, Driver=%s, %s", port,
              Integer.parseInt(attr(s, "devnum")), Integer.parseInt(attr(i, "bInterfaceNumber"), 16),
              className(attr(i, "bInterfaceClass")), i.driver(), speed);
          int at = tree.indexOf(line);
          assertTrue(at > 0, line + " in\n" + t.out());
          String root = String.format("/:  Bus %02d.", bus);
          int rootAt = -1;
          for (int k = 0; k < at; k++) {
            if (tree.get(k).startsWith("/:")) {
              rootAt = tree.get(k).startsWith(root) ? k : -1;
            }
          }
          assertTrue(rootAt >= 0, line + " is below bus " + bus + "'s root hub:\n" + t.out());
        }
      }
    }
  }

  private static String className(String hex) {
    return switch (hex) {
      case "08" -> "Mass Storage";
      case "03" -> "Human Interface Device";
      case "09" -> "Hub";
      case "ff" -> "Vendor Specific Class";
      default -> throw new AssertionError("class " + hex);
    };
  }
}
