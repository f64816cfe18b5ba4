package org.sysfsemu.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.TreeDump;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeLoader;

/**
 * Concurrent plug and unplug loops (a storm bounded to a few seconds; {@code scripts/stress} runs
 * it longer through the mounts): whatever the interleaving, unplugging at the end leaves the tree
 * exactly as it was, and every device that is in the tree can be removed.
 */
class HotplugStormTest {
  static final Duration STORM = Duration.ofMillis(Long.getLong("storm.millis", 2500));
  private EmulatedKernel kernel;
  private Hotplug hotplug;

  @BeforeEach
  void loadDefaultTree() throws Exception {
    kernel = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    try (InputStream in = HotplugStormTest.class.getResourceAsStream("/org/sysfsemu/default-tree.umockdev")) {
      kernel.coldplug(TreeLoader.parse("default-tree.umockdev", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
    }
    hotplug = new Hotplug(kernel);
  }

  @AfterEach
  void close() {
    kernel.close();
  }

  @Test
  void eightPlugUnplugLoopsLeaveTheTreeAsItWas() throws Exception {
    String before = TreeDump.dump(kernel.kernfs());
    int devicesBefore = kernel.core().devices().size();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger plugs = new AtomicInteger();
    AtomicInteger unplugs = new AtomicInteger();
    long end = System.nanoTime() + STORM.toNanos();
    List<Thread> loops = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String scenario = i % 4 == 3 ? "usb-keyboard" : "usb-stick";
      boolean byDevpath = i % 2 == 1;
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          try {
            hotplug.plug(scenario, Duration.ZERO);
            plugs.incrementAndGet();
          } catch (SysfsException e) {
            expect(e, Errno.EEXIST, unexpected);
          } catch (Throwable e) {
            unexpected.add(e);
          }
          try {
            if (byDevpath) {
              hotplug.unplug("/devices/pci0000:00/0000:00:14.0/usb1/1-2");
            } else {
              hotplug.unplug(scenario);
            }
            unplugs.incrementAndGet();
          } catch (SysfsException e) {
            expect(e, Errno.ENODEV, unexpected);
          } catch (Throwable e) {
            unexpected.add(e);
          }
        }
      }, "storm-" + i);
      loops.add(t);
      t.start();
    }
    for (Thread t : loops) {
      t.join();
    }
    assertTrue(unexpected.isEmpty(), () -> "unexpected failures: " + unexpected);
    assertTrue(plugs.get() > 0 && unplugs.get() > 0, "the loops ran");
    for (String s : List.of("usb-stick", "usb-keyboard")) {
      try {
        hotplug.unplug(s);
      } catch (SysfsException e) {
        assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
      }
    }
    assertEquals(before, TreeDump.dump(kernel.kernfs()));
    assertEquals(devicesBefore, kernel.core().devices().size());
    for (var d : kernel.core().devices()) { // every device left is reachable through its devpath
      assertEquals(d, kernel.core().device(d.devpath()));
    }
  }

  @Test
  void aDeviceLookedUpBeforeItsRemovalIsNotRemovedAgainAfterItCameBack() throws Exception {
    String stick = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
    hotplug.plug("usb-stick", Duration.ZERO);
    var stale = kernel.core().device(stick);
    hotplug.unplug("usb-stick");
    hotplug.plug("usb-stick", Duration.ZERO);
    SysfsException e = org.junit.jupiter.api.Assertions.assertThrows(SysfsException.class,
        () -> kernel.core().deviceDel(stale, true));
    assertEquals(Errno.ENODEV, e.errno());
    hotplug.unplug("usb-stick");
    assertNull(kernel.core().device(stick));
    assertNull(kernel.core().node(stick));
  }

  private static void expect(SysfsException e, Errno errno, ConcurrentLinkedQueue<Throwable> unexpected) {
    if (e.errno() != errno) {
      unexpected.add(e);
    }
  }
}
