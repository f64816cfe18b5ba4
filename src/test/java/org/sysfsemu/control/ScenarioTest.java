package org.sysfsemu.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.driver.TreeDump;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.uevent.UEvent;

/** The built-in scenarios plug into the default tree and unplug from it cleanly. */
class ScenarioTest {
  private EmulatedKernel kernel;
  private final List<UEvent> events = new ArrayList<>();

  static List<String> scenarios() {
    return Hotplug.scenarioNames();
  }

  @BeforeEach
  void loadDefaultTree() throws Exception {
    kernel = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    try (InputStream in = ScenarioTest.class.getResourceAsStream("/org/sysfsemu/default-tree.umockdev")) {
      assertNotNull(in);
      kernel.coldplug(TreeLoader.parse("default-tree.umockdev", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
    }
    kernel.engine().addSink(events::add);
  }

  @AfterEach
  void close() {
    kernel.close();
  }

  private static List<DeviceSpec> specs(String name) throws Exception {
    return TreeLoader.parse(name + ".umockdev", Hotplug.scenario(name));
  }

  private static String parentOf(String devpath) {
    return devpath.substring(0, devpath.lastIndexOf('/'));
  }

  /** The nearest ancestor of {@code devpath} that is a device in {@code devpaths}, or null. */
  private static String deviceParent(String devpath, Set<String> devpaths) {
    for (String p = parentOf(devpath); p.length() > "/devices".length(); p = parentOf(p)) {
      if (devpaths.contains(p)) {
        return p;
      }
    }
    return null;
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void parsesAndFitsTheDefaultTree(String name) throws Exception {
    List<DeviceSpec> specs = specs(name);
    assertFalse(specs.isEmpty());
    List<String> roots = Hotplug.roots(specs(name));
    assertFalse(roots.isEmpty());
    for (String root : roots) {
      assertNotNull(kernel.core().device(parentOf(root)), name + ": parent of root " + root + " is not in the default tree");
    }
    for (DeviceSpec s : specs) {
      assertNull(kernel.core().device(s.devpath()), name + ": " + s.devpath() + " already in the default tree");
      if (s.devt() != null) {
        String kind = s.isClass() && s.subsystem().equals("block") ? "block" : "char";
        assertNull(kernel.core().node("/dev/" + kind + "/" + s.devt()), name + ": " + s.devt() + " is taken");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void plugSendsAddAndBindParentsFirstAndUnplugRestoresTheTree(String name) throws Exception {
    List<DeviceSpec> specs = specs(name);
    Set<String> inScenario = new LinkedHashSet<>();
    Map<String, String> drivers = new HashMap<>();
    for (DeviceSpec s : specs) {
      inScenario.add(s.devpath());
      if (s.driver() != null) {
        drivers.put(s.devpath(), s.driver());
      }
    }
    String before = TreeDump.dump(kernel.kernfs());
    long seq = kernel.engine().seqnum();

    Hotplug hotplug = new Hotplug(kernel);
    assertEquals(specs.size(), hotplug.plug(name, Duration.ZERO).size());
    for (DeviceSpec s : specs) {
      assertTrue(kernel.core().node(s.devpath() + "/uevent") instanceof KernfsFile, s.devpath());
    }

    // add: one per device, each after its parent's; bind: one per driver, after the device's add
    // and the adds its driver's probe makes, before those of a later scan; SEQNUM counts up by one.
    List<String> added = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    for (UEvent e : events) {
      assertEquals(++seq, e.seqnum());
      assertTrue(inScenario.contains(e.devpath()), e.devpath());
      if (e.action() == KObjectAction.ADD) {
        String parent = deviceParent(e.devpath(), inScenario);
        assertTrue(parent == null || added.contains(parent), "add of " + e.devpath() + " before its parent");
        added.add(e.devpath());
      } else {
        assertEquals(KObjectAction.BIND, e.action(), e.action() + "@" + e.devpath());
        assertTrue(added.contains(e.devpath()), "bind before add: " + e.devpath());
        assertEquals(drivers.get(e.devpath()), e.get("DRIVER"));
        for (DeviceSpec d : specs) {
          if (d.devpath().startsWith(e.devpath() + "/")) {
            boolean scanned = comesFromAScan(e.devpath(), d, specs);
            assertEquals(!scanned, added.contains(d.devpath()), "bind of " + e.devpath() + " and add of "
                + d.devpath() + ": children the probe creates come first, those of a later scan after");
          }
        }
        bound.add(e.devpath());
      }
    }
    assertEquals(List.copyOf(inScenario), added, "adds in the scenario's parents-first order");
    assertEquals(drivers.keySet(), bound);
    assertEquals("add", events.get(0).action().wireName());

    events.clear();
    hotplug.unplug(name);
    // unbind and remove: children first, a device's unbind just before its remove.
    Set<String> removed = new HashSet<>();
    String unbound = null;
    for (UEvent e : events) {
      assertTrue(inScenario.contains(e.devpath()), e.devpath());
      for (String d : inScenario) {
        if (d.startsWith(e.devpath() + "/")) {
          assertTrue(removed.contains(d), e.action() + " of " + e.devpath() + " before remove of " + d);
        }
      }
      if (e.action() == KObjectAction.UNBIND) {
        assertNull(unbound);
        assertTrue(drivers.containsKey(e.devpath()), e.devpath());
        unbound = e.devpath();
      } else {
        assertEquals(KObjectAction.REMOVE, e.action());
        assertEquals(drivers.containsKey(e.devpath()) ? e.devpath() : null, unbound);
        unbound = null;
        removed.add(e.devpath());
      }
    }
    assertEquals(inScenario, removed);
    for (DeviceSpec s : specs) {
      assertNull(kernel.core().device(s.devpath()));
    }

    // Drivers stay registered like loaded modules; everything else is as before.
    String after = TreeDump.dump(kernel.kernfs());
    Set<String> driversNew = new HashSet<>();
    for (DeviceSpec s : specs) {
      if (s.driver() != null && !before.contains("/bus/" + s.subsystem() + "/drivers/" + s.driver() + " ")) {
        driversNew.add("/bus/" + s.subsystem() + "/drivers/" + s.driver());
        driversNew.add("/module/" + s.driver().replace('-', '_')); // its module stays loaded too
      }
    }
    List<String> extra = new ArrayList<>(after.lines().toList());
    extra.removeAll(before.lines().toList());
    extra.removeIf(l -> driversNew.stream().anyMatch(d -> l.startsWith(d + " ") || l.startsWith(d + "/")));
    assertEquals(List.of(), extra, "left behind by unplug");
    assertEquals(before.lines().count(), after.lines().count() - extra.size()
        - after.lines().filter(l -> driversNew.stream().anyMatch(d -> l.startsWith(d + " ") || l.startsWith(d + "/"))).count());

    // A second plug and unplug now restores the tree exactly.
    hotplug.plug(name, Duration.ZERO);
    hotplug.unplug(name);
    assertEquals(after, TreeDump.dump(kernel.kernfs()));
  }

  @Test
  void theUsbStickAndKeyboardNeedNoNewDriverAndRestoreTheDefaultTreeExactly() throws Exception {
    Hotplug hotplug = new Hotplug(kernel);
    String before = TreeDump.dump(kernel.kernfs());
    for (String name : List.of("usb-stick", "usb-keyboard")) {
      hotplug.plug(name, Duration.ZERO);
      hotplug.unplug(name);
      assertEquals(before, TreeDump.dump(kernel.kernfs()), name);
    }
    hotplug.plug("net-interface", Duration.ZERO);
    hotplug.unplug("net-interface");
    assertNotNull(kernel.core().node("/bus/usb/drivers/r8152"), "the NIC driver stays registered, like its module");
  }

  @Test
  void allThreeScenariosCanBePluggedAtOnce() throws Exception {
    Hotplug hotplug = new Hotplug(kernel);
    for (String name : Hotplug.scenarioNames()) {
      hotplug.plug(name, Duration.ZERO);
    }
    assertNotNull(kernel.core().node("/class/block/sdb1"));
    assertNotNull(kernel.core().node("/class/input/event2"));
    assertNotNull(kernel.core().node("/class/net/eth1"));
    SysfsException e = assertThrows(SysfsException.class, () -> hotplug.plug("usb-stick", Duration.ZERO));
    assertEquals(Errno.EEXIST, e.errno());
    for (String name : Hotplug.scenarioNames()) {
      hotplug.unplug(name);
    }
    assertNull(kernel.core().node("/class/block/sdb1"));
  }

  @Test
  void theUsbStickEventsCarryTheKernelKeys() throws Exception {
    new Hotplug(kernel).plug("usb-stick", Duration.ZERO);
    String disk = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host1/target1:0:0/1:0:0:0/block/sdb";
    UEvent add = events.stream().filter(e -> e.devpath().equals(disk + "/sdb1")).findFirst().orElseThrow();
    assertEquals(List.of("ACTION=add", "DEVPATH=" + disk + "/sdb1", "SUBSYSTEM=block", "MAJOR=8", "MINOR=17",
        "DEVNAME=sdb1", "DEVTYPE=partition", "DISKSEQ=10", "PARTN=1", "SEQNUM=" + add.seqnum()), add.env());
    UEvent usb = events.get(0);
    assertEquals("/devices/pci0000:00/0000:00:14.0/usb1/1-2", usb.devpath());
    assertEquals("bus/usb/001/004", usb.get("DEVNAME"));
    assertEquals("781/5567/100", usb.get("PRODUCT"));
    assertNull(usb.get("ID_VENDOR_ID"), "udev properties are not in kernel events");
  }
  @Test
  void theUserScenarioOfTheDocsPlugsFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/default-tree.md"));
    int at = doc.indexOf("```\n", doc.indexOf("A minimal scenario")) + 4;
    java.nio.file.Path file = dir.resolve("ftdi.umockdev");
    java.nio.file.Files.writeString(file, doc.substring(at, doc.indexOf("```\n", at)));
    Hotplug hotplug = new Hotplug(kernel);
    String before = TreeDump.dump(kernel.kernfs());
    assertEquals(3, hotplug.plug(file.toString(), Duration.ofMillis(1)).size());
    assertEquals("MAJOR=189\nMINOR=6\nDEVNAME=bus/usb/001/007\nDEVTYPE=usb_device\nDRIVER=usb\n"
        + "PRODUCT=403/6001/600\nTYPE=0/0/0\nBUSNUM=001\nDEVNUM=007\n",
        new String(((KernfsFile) kernel.core().node("/devices/pci0000:00/0000:00:14.0/usb1/1-6/uevent")).ops().show(),
            StandardCharsets.ISO_8859_1));
    assertNotNull(kernel.core().node("/class/tty/ttyUSB0"));
    assertNotNull(kernel.devfs().lookup("/ttyUSB0"));
    hotplug.unplug(file.toString());
    assertNull(kernel.core().node("/class/tty/ttyUSB0"));
    assertNotNull(kernel.core().node("/bus/usb/drivers/ftdi_sio"), "its driver stays registered, like a module");
  }

  /**
   * Whether {@code d} (below {@code top}) is added by a later scan rather than by the probe of
   * {@code top}'s driver: it is, or is below, a bus device that has a driverless bus device between
   * it and {@code top} (the SCSI target below the SCSI host, and everything under it).
   */
  private static boolean comesFromAScan(String top, DeviceSpec d, List<DeviceSpec> specs) {
    for (DeviceSpec x : specs) {
      boolean onPath = x.devpath().startsWith(top + "/") && (d.devpath().equals(x.devpath())
          || d.devpath().startsWith(x.devpath() + "/"));
      if (onPath && !x.isClass() && x.subsystem() != null && specs.stream().anyMatch(a ->
          x.devpath().startsWith(a.devpath() + "/") && a.devpath().startsWith(top + "/")
              && !a.isClass() && a.subsystem() != null && a.driver() == null)) {
        return true;
      }
    }
    return false;
  }
}
