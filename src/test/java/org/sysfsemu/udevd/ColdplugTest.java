package org.sysfsemu.udevd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.driver.Device;

class ColdplugTest {

  @Test
  void devicesComeInDevpathOrderComponentByComponentWithMdAndDmLast() {
    List<String> paths = new ArrayList<>(List.of(
        "/devices/virtual/block/md0",
        "/devices/pci0000:00/0000:00:1f.2-x",
        "/devices/virtual/block/dm-0",
        "/devices/pci0000:00/0000:00:1f.2/ata1",
        "/devices/pci0000:00",
        "/devices/pci0000:00/0000:00:1f.2",
        "/devices/platform/serial8250/tty/ttyS0"));
    paths.sort(Coldplug.UDEVADM_ORDER);
    assertEquals(List.of(
        "/devices/pci0000:00",
        "/devices/pci0000:00/0000:00:1f.2",
        "/devices/pci0000:00/0000:00:1f.2/ata1", // right below its parent (strcmp would put "-x" first)
        "/devices/pci0000:00/0000:00:1f.2-x",
        "/devices/platform/serial8250/tty/ttyS0",
        "/devices/virtual/block/dm-0",
        "/devices/virtual/block/md0"), paths);
  }

  @Test
  void onlyDevicesWithASubsystemAreTriggeredAndEachSendsOneAdd() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      List<Device> all = emu.kernel().core().devices();
      List<Device> order = Coldplug.order(all);
      assertEquals(all.stream().filter(Device::hasSubsystem).count(), order.size());
      var events = emu.subscribe();
      int sent = Coldplug.addAll(emu.kernel().core(), emu.kernel().engine());
      assertEquals(order.size(), sent);
      for (Device d : order) {
        var e = events.poll(java.time.Duration.ofSeconds(5));
        assertEquals("add@" + d.devpath(), e.action().wireName() + "@" + e.devpath());
      }
    }
  }
}
