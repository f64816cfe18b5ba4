package org.sysfsemu.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.EventQueue;
import org.sysfsemu.uevent.UEvent;

/** The extension without FUSE: the same kernel, events and /dev tree, in-process only. */
class SysfsEmuInProcessTest {
  @RegisterExtension
  final SysfsEmuExtension emu = SysfsEmuExtension.inProcess();

  /** The README's whole test, unchanged but for inProcess() in place of mounted(). */
  @Test
  void theReadmeExampleRunsInProcess() throws Exception {
    try (var events = emu.get().subscribe()) {
      emu.get().plug("usb-stick");
      assertEquals("sdb1", events.await(e -> e.devpath().endsWith("/sdb1"), Duration.ofSeconds(5)).get("DEVNAME"));
      assertTrue(java.nio.file.Files.exists(emu.get().dev().resolve("sdb1")));
    }
  }

  @Test
  void eventsAndDevNodesWithoutAnyMount() throws Exception {
    SysfsEmu e = emu.get();
    assertFalse(e.mounted());
    assertThrows(IllegalStateException.class, e::sys);
    try (EventQueue events = e.subscribe()) {
      e.hotplug().change("/devices/virtual/mem/null", List.of("FOO=bar"));
      UEvent change = events.poll(Duration.ofSeconds(1));
      assertEquals("change@/devices/virtual/mem/null", new String(change.datagram(), 0,
          "change@/devices/virtual/mem/null".length(), java.nio.charset.StandardCharsets.ISO_8859_1));
      assertEquals("bar", change.get("FOO"));
      assertEquals(1, change.seqnum(), "the tree was added as at boot: no events before");
      assertInstanceOf(DevfsNode.DeviceNode.class, e.kernel().devfs().lookup("/null"));
      assertNull(events.poll(Duration.ofMillis(10)));
    }
  }

  @Test
  void aBadCommandChangesNothing() throws Exception {
    SysfsEmu e = emu.get();
    int devices = e.kernel().core().devices().size();
    SysfsException ex = assertThrows(SysfsException.class, () -> e.hotplug().remove("/devices/none"));
    assertEquals("no device at /devices/none", ex.getMessage());
    assertEquals(devices, e.kernel().core().devices().size());
    assertEquals(0, e.kernel().engine().seqnum());
  }
}
