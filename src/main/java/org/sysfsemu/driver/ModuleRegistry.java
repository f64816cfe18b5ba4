package org.sysfsemu.driver;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KSet;
import org.sysfsemu.kobject.KSetUEventOps;
import org.sysfsemu.uevent.UEventEngine;

/**
 * {@code /sys/module}: one directory per module that provides a driver of the tree
 * ({@code module_add_driver()} in drivers/base/module.c), with the driver's {@code module} link,
 * the module's {@code drivers/<bus>:<driver>} link back, its {@code parameters/} as a Debian 6.1
 * kernel shows them, and for a loadable module {@code initstate}, {@code refcnt}, {@code taint}
 * and {@code coresize}. Writing a module's {@code uevent} sends {@code SUBSYSTEM=module}, as
 * {@code module_uevent_ops} does. Modules stay when their last device goes, like loaded modules.
 */
final class ModuleRegistry {
  /** The module providing each driver the default tree and scenarios name (KBUILD_MODNAME). */
  private static final ImmutableMap<String, String> MODULE_OF_DRIVER =
      ImmutableMap.<String, String>builder()
          .put("usb", "usbcore")
          .put("hub", "usbcore")
          .put("usbfs", "usbcore")
          .put("xhci_hcd", "xhci_pci")
          .put("sd", "sd_mod")
          .put("serial8250", "8250")
          .put("hid-generic", "hid_generic")
          .put("usb-storage", "usb_storage")
          .buildOrThrow();

  /** Modules built into Debian's kernel: no initstate, refcnt, taint or coresize. */
  private static final ImmutableSet<String> BUILT_IN = ImmutableSet.of("8250", "i8042", "atkbd");

  /** Parameters visible in sysfs (perm != 0) and their default values. */
  private static final ImmutableMap<String, List<String[]>> PARAMETERS =
      ImmutableMap.of(
          "usbcore", List.of(new String[] {"authorized_default", "-1\n"}, new String[] {"autosuspend", "2\n"},
              new String[] {"blinkenlights", "N\n"}, new String[] {"initial_descriptor_timeout", "5000\n"},
              new String[] {"nousb", "N\n"}, new String[] {"old_scheme_first", "N\n"}, new String[] {"quirks", "\n"},
              new String[] {"usbfs_memory_mb", "16\n"}, new String[] {"usbfs_snoop", "N\n"},
              new String[] {"usbfs_snoop_max", "65536\n"}, new String[] {"use_both_schemes", "Y\n"}),
          "usb_storage", List.of(new String[] {"delay_use", "1\n"}, new String[] {"quirks", "\n"}),
          "usbhid", List.of(new String[] {"ignoreled", "0\n"}, new String[] {"jspoll", "0\n"},
              new String[] {"kbpoll", "0\n"}, new String[] {"mousepoll", "0\n"}, new String[] {"quirks", "\n"}),
          "8250", List.of(new String[] {"nr_uarts", "32\n"}, new String[] {"share_irqs", "0\n"},
              new String[] {"skip_txen_test", "0\n"}));

  private final Kernfs kernfs;
  private final UEventEngine engine;
  private final KSet kset =
      new KSet(
          "module",
          new KSetUEventOps() {
            @Override
            public boolean filter(KObject kobj) {
              return kobj instanceof Module;
            }
          });
  private final Map<String, Module> modules = new ConcurrentHashMap<>();

  /** A module's kobject ({@code struct module_kobject}). */
  static final class Module extends KObject {}

  ModuleRegistry(Kernfs kernfs, UEventEngine engine, KernfsDir moduleDir) {
    this.kernfs = kernfs;
    this.engine = engine;
    kset.setSd(moduleDir);
  }

  /** The module name of {@code driver} (a driver name with '-' made '_' when not known). */
  static String moduleOf(String driver) {
    return MODULE_OF_DRIVER.getOrDefault(driver, driver.replace('-', '_'));
  }

  /** {@code module_add_driver()}: the module (made if new) and the links both ways. Write lock held. */
  void addDriver(Driver drv, UndoLog undo) throws SysfsException {
    String name = moduleOf(drv.driverName());
    Module m = modules.get(name);
    if (m == null) {
      m = create(name, undo);
    }
    KernfsDir drivers = kernfs.mkdirs(m.sd(), "drivers");
    undo.created(kernfs.symlink(drivers, drv.bus().busName() + ":" + drv.driverName(), drv.sd()));
    kernfs.symlink(drv.sd(), "module", m.sd());
  }

  private Module create(String name, UndoLog undo) throws SysfsException {
    Module m = new Module();
    KernfsDir dir = undo.created(kernfs.mkdir(kset.sd(), name, 0755));
    m.setSd(dir);
    m.setParent(kset);
    m.setKset(kset);
    kernfs.createFile(dir, "uevent", 0200, new UeventAttribute(engine, false), m);
    List<String[]> params = PARAMETERS.get(name);
    if (params != null) {
      KernfsDir p = kernfs.mkdir(dir, "parameters", 0755);
      for (String[] kv : params) {
        kernfs.createFile(p, kv[0], 0444, DeviceAttribute.of(false, false), text(kv[1]));
      }
    }
    if (!BUILT_IN.contains(name)) {
      kernfs.createFile(dir, "initstate", 0444, DeviceAttribute.of(false, false), text("live\n"));
      kernfs.createFile(dir, "refcnt", 0444, DeviceAttribute.of(false, false), text("1\n"));
      kernfs.createFile(dir, "taint", 0444, DeviceAttribute.of(false, false), text("\n"));
      kernfs.createFile(dir, "coresize", 0444, DeviceAttribute.of(false, false), text("65536\n"));
      kernfs.mkdir(dir, "holders", 0755);
    }
    modules.put(name, m);
    undo.onUndo(() -> modules.remove(name));
    return m;
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }
}
