package org.sysfsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.junit.SysfsEmuExtension;
import org.sysfsemu.uevent.EventQueue;
import org.sysfsemu.uevent.UEvent;

/** The embedding API in-process (no FUSE): the calls a test uses, and JDK types only in its signatures. */
class SysfsEmuApiTest {
  private static final String SDB = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host1/target1:0:0/1:0:0:0/block/sdb";

  @Test
  void plugAwaitAttributeAndDevViewInProcess() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start(); EventQueue events = emu.subscribe()) {
      List<String> added = emu.plug("usb-stick");
      assertTrue(added.contains(SDB + "/sdb1"), added.toString());
      UEvent add = events.await(e -> e.devpath().endsWith("/sdb1") && e.get("ACTION").equals("add"), Duration.ofSeconds(5));
      assertEquals("sdb1", add.get("DEVNAME"));
      assertEquals(Optional.of("1\n"), emu.attribute(SDB + "/sdb1", "partition"));
      assertEquals(Optional.empty(), emu.attribute(SDB, "no-such-attribute"));
      assertEquals(Optional.empty(), emu.attribute("/devices/none", "size"));
      DevView dev = emu.devView();
      assertTrue(dev.exists("sdb1"));
      assertEquals('b', dev.node("/sdb1").orElseThrow().type());
      assertEquals(8, dev.node("sdb1").orElseThrow().major());
      assertTrue(dev.list("/").contains("sdb"));
      emu.unplug("usb-stick");
      assertFalse(dev.exists("sdb1"));
      assertTrue(emu.devices().stream().noneMatch(p -> p.startsWith(SDB)));
    }
  }

  @Test
  void awaitFailsNamingTheEventsItSaw() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start(); EventQueue events = emu.subscribe()) {
      emu.change("/devices/virtual/mem/null", "FOO=bar");
      AssertionError e = assertThrows(AssertionError.class,
          () -> events.await(ev -> ev.devpath().contains("sdz"), Duration.ofMillis(200)));
      assertEquals("no matching uevent within PT0.2S; 1 seen\n  1 change /devices/virtual/mem/null (mem)", e.getMessage());
    }
  }

  @Test
  void inProcessHasNoMountsAndSaysWhatToUseInstead() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      assertFalse(emu.mounted());
      IllegalStateException e = assertThrows(IllegalStateException.class, emu::dev);
      assertTrue(e.getMessage().contains("devView()"), e.getMessage());
      IllegalStateException s = assertThrows(IllegalStateException.class, emu::sys);
      assertTrue(s.getMessage().contains("attribute(devpath, name)"), s.getMessage());
      assertThrows(SysfsException.class, () -> emu.plug("no-such-scenario"));
    }
  }

  /** What the README promises of devView() in-process: the udev links to the stick's nodes too. */
  @Test
  void devViewShowsNodesDirectoriesAndLinksAsTheReadmeSays() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      emu.plug("usb-stick");
      DevView dev = emu.devView();
      assertEquals(new DevView.Node('b', 8, 17, 0600, 0, 0), dev.node("sdb1").orElseThrow());
      assertEquals('d', dev.node("disk/by-uuid").orElseThrow().type());
      assertTrue(dev.list("disk/by-uuid").contains("4A2B-1C3D"), dev.list("disk/by-uuid").toString());
      assertEquals(Optional.of("../../sdb1"), dev.readlink("disk/by-uuid/4A2B-1C3D"));
      assertEquals('l', dev.node("disk/by-uuid/4A2B-1C3D").orElseThrow().type());
      assertEquals(Optional.empty(), dev.readlink("sdb1"));
      assertEquals(List.of(), dev.list("sdb1"));
    }
  }

  /** Guava and picocli stay out of what a consumer compiles against. */
  @Test
  void thePublicApiSpeaksJdkTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : List.of(SysfsEmu.class, SysfsEmu.Builder.class, StartProgress.class, DevView.class, DevView.Node.class,
        EventQueue.class, UEvent.class, SysfsEmuExtension.class)) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || m.getName().equals("kernel") || m.getName().equals("hotplug")) {
          continue; // kernel() and hotplug() are the documented way into the internals
        }
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        types.add(m.getGenericReturnType());
        for (Type t : types) {
          check(c.getSimpleName() + "." + m.getName(), t, leaks);
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(c.getSimpleName() + "." + rc.getName(), rc.getGenericType(), leaks);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static void check(String where, Type t, List<String> leaks) {
    if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks);
      }
    } else if (t instanceof Class<?> k && (k.getName().startsWith("com.google.") || k.getName().startsWith("picocli."))) {
      leaks.add(where + ": " + k.getName());
    }
  }
}
