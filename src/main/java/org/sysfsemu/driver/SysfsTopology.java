package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
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
 * The fixed top of /sys and the registries of buses and classes: {@code devices/}, {@code bus/},
 * {@code class/}, {@code block/}, {@code dev/char|block/} and {@code kernel/}. Buses and classes
 * are created on first use, under the tree's write lock.
 */
final class SysfsTopology {
  private final Kernfs kernfs;
  private final UEventEngine engine;
  private final KSet devicesKset = new KSet("devices", new DeviceUEventOps());
  private final KSet busKset =
      new KSet(
          "bus",
          new KSetUEventOps() {
            @Override
            public boolean filter(KObject kobj) {
              return kobj instanceof BusType;
            }
          });
  private final Map<String, BusType> buses = new ConcurrentHashMap<>();
  private final Map<String, DeviceClass> classes = new ConcurrentHashMap<>();
  final KernfsDir devices;
  final KernfsDir bus;
  final KernfsDir classDir;
  final KernfsDir block;
  final KernfsDir devChar;
  final KernfsDir devBlock;
  final KernfsDir kernel;

  SysfsTopology(Kernfs kernfs, UEventEngine engine) throws SysfsException {
    this.kernfs = kernfs;
    this.engine = engine;
    KernfsDir root = kernfs.root();
    KernfsDir[] dirs =
        kernfs.writeChecked(
            () -> {
              KernfsDir dev = kernfs.mkdir(root, "dev", 0755);
              return new KernfsDir[] {
                kernfs.mkdir(root, "block", 0755),
                kernfs.mkdir(root, "bus", 0755),
                kernfs.mkdir(root, "class", 0755),
                dev,
                kernfs.mkdir(root, "devices", 0755),
                kernfs.mkdir(root, "kernel", 0755),
                kernfs.mkdir(dev, "block", 0755),
                kernfs.mkdir(dev, "char", 0755),
              };
            });
    block = dirs[0];
    bus = dirs[1];
    classDir = dirs[2];
    devices = dirs[4];
    kernel = dirs[5];
    devBlock = dirs[6];
    devChar = dirs[7];
    devicesKset.setSd(devices);
    busKset.setSd(bus);
  }

  KSet devicesKset() {
    return devicesKset;
  }

  BusType bus(String name) {
    return buses.get(name);
  }

  DeviceClass deviceClass(String name) {
    return classes.get(name);
  }

  /** The bus called {@code name}, creating {@code /sys/bus/<name>} if needed. Write lock held. */
  BusType getOrCreateBus(String name, UndoLog undo) throws SysfsException {
    BusType b = buses.get(name);
    if (b != null) {
      return b;
    }
    b = new BusType(name);
    KernfsDir dir = undo.created(kernfs.mkdir(bus, name, 0755));
    b.setSd(dir);
    b.setKset(busKset);
    KernfsDir devs = kernfs.mkdir(dir, "devices", 0755);
    KernfsDir drvs = kernfs.mkdir(dir, "drivers", 0755);
    b.driversKset().setSd(drvs);
    b.driversKset().setParent(b);
    b.setDirs(devs, drvs);
    kernfs.createFile(dir, "drivers_autoprobe", 0644, DeviceAttribute.of(true, false), "1\n".getBytes(StandardCharsets.ISO_8859_1));
    kernfs.createFile(dir, "drivers_probe", 0200, DeviceAttribute.of(true, false), new byte[0]);
    kernfs.createFile(dir, "uevent", 0200, new UeventAttribute(engine, false), b);
    buses.put(name, b);
    undo.onUndo(() -> buses.remove(name));
    return b;
  }

  /** The class called {@code name}, creating {@code /sys/class/<name>} if needed. */
  DeviceClass getOrCreateClass(String name, UndoLog undo) throws SysfsException {
    DeviceClass c = classes.get(name);
    if (c != null) {
      return c;
    }
    c = new DeviceClass(name, undo.created(kernfs.mkdir(classDir, name, 0755)));
    classes.put(name, c);
    undo.onUndo(() -> classes.remove(name));
    return c;
  }
}
