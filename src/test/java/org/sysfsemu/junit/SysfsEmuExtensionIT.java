package org.sysfsemu.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.uevent.EventQueue;
import org.sysfsemu.uevent.UEvent;

/** What a Java test of a udev-like tool does with the extension: mount, plug the stick, look. */
class SysfsEmuExtensionIT {
  @RegisterExtension
  static final SysfsEmuExtension emu = SysfsEmuExtension.mounted();

  @Test
  void plugTheStickAndSeeItsEventsAndFiles(SysfsEmu injected) throws Exception {
    SysfsEmu e = emu.get();
    assertTrue(injected == e, "the parameter is the extension's emulator");
    try (EventQueue events = e.subscribe()) {
      e.hotplug().plug("usb-stick", Duration.ZERO);
      List<UEvent> got = events.drain();
      UEvent partition = got.stream().filter(u -> "partition".equals(u.get("DEVTYPE"))).findFirst().orElseThrow();
      assertEquals("add", partition.get("ACTION"));
      assertEquals("block", partition.subsystem());
      String name = partition.get("DEVNAME");
      assertNotNull(name);
      assertTrue(Files.exists(e.dev().resolve(name)), "the node is in the /dev mount");
      Path link = e.sys().resolve("class/block/" + name);
      assertEquals(e.sys().resolve(partition.devpath().substring(1)), link.toRealPath(),
          "class/block/" + name + " resolves to the device");
      assertEquals(partition.get("MAJOR") + ":" + partition.get("MINOR") + "\n",
          Files.readString(link.resolve("dev")));
      for (int i = 1; i < got.size(); i++) {
        // increasing; the mount's sandbox numbers events with the kernel's global SEQNUM, which
        // other namespaces of the machine may use in between (docs/sandbox.md)
        assertTrue(got.get(i - 1).seqnum() < got.get(i).seqnum(), "SEQNUM order");
      }
      e.hotplug().unplug("usb-stick");
      assertFalse(Files.exists(e.dev().resolve(name)), "the node went with the device");
      assertEquals(0, events.lost());
    }
  }
}
