package org.sysfsemu.driver;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The sysfs side of the driver core: the directories, attributes and links each step of {@code
 * device_add()} and {@code device_del()} creates or removes. Every method runs under the tree's
 * write lock; the add path records what it creates in an {@link UndoLog}.
 */
final class DeviceBuilder {
  private final Kernfs kernfs;
  private final UEventEngine engine;
  private final SysfsTopology top;
  private final Map<String, String[]> components = new HashMap<>();
  /** The ops of every device's {@code uevent} file. */
  private final UeventAttribute ueventOps;
  private static final int COMPONENTS_MAX = 4096;

  DeviceBuilder(Kernfs kernfs, UEventEngine engine, SysfsTopology top) {
    this.kernfs = kernfs;
    this.engine = engine;
    this.top = top;
    this.ueventOps = new UeventAttribute(engine, true);
  }

  /** Validates {@code spec} against the tree, then creates the device's sysfs presence. */
  Device add(DeviceSpec spec, UndoLog undo) throws SysfsException {
    return add(spec, undo, null);
  }

  /**
   * {@link #add(DeviceSpec, UndoLog)}, where {@code previous} is the device the same write
   * section added just before, or null: when it is the new device's parent (a file written
   * parents first), the walks from the root to the parent are left out (they would end there).
   */
  Device add(DeviceSpec spec, UndoLog undo, Device previous) throws SysfsException {
    String path = spec.devpath();
    if (!path.startsWith("/devices/") || spec.name().isEmpty() || path.contains("//")) {
      throw new SysfsException(Errno.EINVAL, spec.source() + ": devpath must start with /devices/: " + path);
    }
    Device knownParent = isParentOf(previous, path) ? previous : null;
    if (knownParent != null ? knownParent.sd().child(spec.name()) != null : kernfs.find(path) != null) {
      throw new SysfsException(Errno.EEXIST, spec.source() + ": " + path + " already exists");
    }
    checkDevnumFree(spec);
    KObject parent = knownParent != null ? knownParent : ensureParents(spec, undo);
    BusType bus = spec.isClass() ? null : top.getOrCreateBus(spec.subsystem(), undo);
    DeviceClass cls = spec.isClass() ? top.getOrCreateClass(spec.subsystem(), undo) : null;
    Device dev = new Device(spec, bus, cls);
    checkNamesFree(spec, dev);
    KernfsDir dir = undo.created(kernfs.mkdir(parent.sd(), spec.name(), 0755));
    // uevent, subsystem, device, driver, dev, attributes and links (some in subdirectories)
    dir.reserve(5 + spec.attributes().size() + spec.links().size());
    dev.setSd(dir);
    dev.setParent(parent);
    dev.setKset(top.devicesKset());
    dev.setParentDevice(nearestDevice(parent));
    kernfs.createFile(dir, "uevent", 0644, ueventOps, dev);
    if (cls != null) {
      addClassLinks(dev, cls, undo);
    }
    addAttributes(dev, spec);
    if (bus != null) {
      undo.created(kernfs.symlink(bus.devicesDir(), dir.name(), dir));
      kernfs.symlink(dir, "subsystem", bus.sd());
    }
    if (dev.devNode() != null) {
      kernfs.createFile(dir, "dev", 0444, DevAttribute.INSTANCE, dev.devt());
      undo.created(kernfs.symlink(devDir(dev), dev.devt().toString(), dir));
    }
    return dev;
  }

  /** Whether {@code dev}, still in the tree, is the device one component above {@code devpath}. */
  private static boolean isParentOf(Device dev, String devpath) {
    if (dev == null || dev.sd() == null || dev.sd().isRemoved()) {
      return false;
    }
    // its spec's path: renames and moves never run inside the section that added it
    return DeviceSpec.isChildPath(dev.spec().devpath(), devpath);
  }

  private void checkDevnumFree(DeviceSpec spec) throws SysfsException {
    if (spec.devt() == null || spec.devt().major() == 0) {
      return;
    }
    KernfsDir dir = DeviceClass.BLOCK.equals(spec.subsystem()) && spec.isClass() ? top.devBlock : top.devChar;
    String devt = spec.devt().toString();
    if (dir.child(devt) != null) {
      throw new SysfsException(Errno.EEXIST, spec.source() + ": device number " + spec.devt() + " is already used by "
          + ((KernfsLink) dir.child(devt)).target().path());
    }
  }

  private void checkNamesFree(DeviceSpec spec, Device dev) throws SysfsException {
    String name = spec.name();
    if (dev.devClass() != null && top.deviceClass(spec.subsystem()).dir().child(name) != null) {
      throw new SysfsException(Errno.EEXIST, spec.source() + ": /sys/class/" + spec.subsystem() + "/" + name + " already exists");
    }
    if (dev.bus() != null && dev.bus().devicesDir().child(name) != null) {
      throw new SysfsException(Errno.EEXIST, spec.source() + ": /sys/bus/" + spec.subsystem() + "/devices/" + name + " already exists");
    }
    if (dev.devClass() != null && dev.devClass().isBlock() && !dev.isPartition() && top.block.child(name) != null) {
      throw new SysfsException(Errno.EEXIST, spec.source() + ": /sys/block/" + name + " already exists");
    }
  }

  /**
   * Creates the missing directories above a device: {@code virtual/} and {@code system/} and the
   * class directories under {@code virtual/} are plain kobjects, a directory named after the
   * child's class is a glue directory, anything else is a device without bus or class (its
   * {@code uevent} is empty and its events are filtered).
   */
  private KObject ensureParents(DeviceSpec spec, UndoLog undo) throws SysfsException {
    KObject parent = top.devicesKset();
    KernfsDir dir = top.devices;
    String parentPath = spec.parentPath();
    int n = parentPath.length();
    // components of parentPath below /devices; the paths are cut out only where a directory is made
    for (int start = "/devices/".length(); start <= n; ) {
      int slash = parentPath.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      if (end == start) {
        start = end + 1;
        continue;
      }
      KernfsNode node = dir.child(parentPath, start, end);
      if (node == null) {
        String c = parentPath.substring(start, end);
        String path = parentPath.substring(0, start - 1);
        String childPath = parentPath.substring(0, end);
        boolean virtualBusRoot = !spec.isClass() && c.equals(spec.subsystem()); // subsys_virtual_register
        boolean plain =
            childPath.equals("/devices/virtual")
                || childPath.equals("/devices/system")
                || (path.equals("/devices/virtual") && !virtualBusRoot)
                || (spec.isClass() && childPath.equals(parentPath) && c.equals(spec.subsystem()));
        KObject k = plain ? new KObject() : new Device(IMPLICIT, null, null);
        KernfsDir d = undo.created(kernfs.mkdir(dir, c, 0755));
        k.setSd(d);
        k.setParent(parent);
        if (k instanceof Device implicit) {
          implicit.setKset(top.devicesKset());
          implicit.setParentDevice(nearestDevice(parent));
          implicit.markAddUeventSent();
          kernfs.createFile(d, "uevent", 0644, ueventOps, implicit);
        }
        node = d;
      }
      if (!(node instanceof KernfsDir nd)) {
        throw new SysfsException(Errno.ENOTDIR, spec.source() + ": " + parentPath.substring(0, end) + " is not a directory");
      }
      if (!(nd.owner() instanceof KObject k)) {
        throw new SysfsException(Errno.EINVAL, spec.source() + ": " + parentPath.substring(0, end) + " is not a device directory");
      }
      parent = k;
      dir = nd;
      start = end + 1;
    }
    return parent;
  }

  /**
   * What every implicit parent is made from: no subsystem, no keys, no attributes. One spec for
   * all of them (a device's own path is its directory's, never its spec's), so that the glue of a
   * large tree costs no spec per directory.
   */
  private static final DeviceSpec IMPLICIT = new DeviceSpec("/devices", null, false, null, null, null, null, 0, 0, 0,
      ImmutableList.of(), ImmutableMap.of(), ImmutableList.of(), ImmutableList.of(), ImmutableList.of(),
      "implicit parent", 0);

  private static Device nearestDevice(KObject k) {
    for (KObject p = k; p != null; p = p.parent()) {
      if (p instanceof Device d) {
        return d;
      }
    }
    return null;
  }

  private void addClassLinks(Device dev, DeviceClass cls, UndoLog undo) throws SysfsException {
    KernfsDir dir = dev.sd();
    kernfs.symlink(dir, "subsystem", cls.dir());
    if (dev.parentDevice() != null && !dev.isPartition()) {
      kernfs.symlink(dir, "device", dev.parentDevice().sd());
    }
    undo.created(kernfs.symlink(cls.dir(), dev.name(), dir));
    if (cls.isBlock() && !dev.isPartition()) {
      undo.created(kernfs.symlink(top.block, dev.name(), dir));
    }
  }

  private void addAttributes(Device dev, DeviceSpec spec) throws SysfsException {
    for (DeviceSpec.AttributeSpec a : spec.attributes()) {
      String[] parts = a.name().indexOf('/') < 0 ? null : components(a.name());
      KernfsDir dir = parts == null ? dev.sd() : subdir(dev.sd(), parts);
      String base = parts == null ? a.name() : parts[parts.length - 1];
      boolean online = a.name().equals("online") && !a.binary();
      boolean writable = a.writable() || online;
      DeviceAttribute ops = online ? DeviceAttribute.hooked(true, false, new OnlineHook(dev, engine))
          : DeviceAttribute.of(writable, a.binary());
      int mode = writable ? 0644 : 0444;
      // the file holds the spec's array itself: devices loaded from one file share it, a store replaces it
      if (a.binary()) {
        kernfs.createBinFile(dir, base, mode, ops, a.value(), BinarySizes.declared(a.name(), a.value().length));
      } else {
        kernfs.createFile(dir, base, mode, ops, a.value());
      }
    }
    for (DeviceSpec.LinkSpec l : spec.links()) {
      KernfsDir dir = subdirFor(dev.sd(), l.name());
      kernfs.symlinkLiteral(dir, baseName(l.name()), l.target());
    }
  }

  /** The directory holding the attribute or link {@code name} below {@code dir}, made if missing. */
  private KernfsDir subdirFor(KernfsDir dir, String name) throws SysfsException {
    if (name.indexOf('/') < 0) {
      return dir;
    }
    return subdir(dir, components(name));
  }

  /** The directory of the name whose components are {@code parts}, below {@code dir}, made if missing. */
  private KernfsDir subdir(KernfsDir dir, String[] parts) throws SysfsException {
    KernfsDir d = dir;
    for (int i = 0; i < parts.length - 1; i++) {
      d = kernfs.mkdirs(d, parts[i]);
    }
    return d;
  }

  /** The last component of an attribute's or link's name: {@code control} of {@code power/control}. */
  private String baseName(String name) {
    if (name.indexOf('/') < 0) {
      return name;
    }
    String[] parts = components(name);
    return parts[parts.length - 1];
  }

  /**
   * The components of a name with a slash, as {@code split("/")} makes them; remembered per
   * distinct name (up to {@link #COMPONENTS_MAX}), so that the {@code power} directories and
   * {@code control} files of a large tree share one string each instead of one per device.
   * Under the write lock.
   */
  private String[] components(String name) {
    String[] parts = components.get(name);
    if (parts == null) {
      parts = name.split("/");
      if (components.size() < COMPONENTS_MAX) {
        components.put(name, parts);
      }
    }
    return parts;
  }

  private KernfsDir devDir(Device dev) {
    return dev.devNode().block() ? top.devBlock : top.devChar;
  }

  // ---- drivers ----

  /** Checks that {@code dev} can be bound to {@code driverName} of its bus. */
  void checkCanBind(Device dev, String driverName, boolean mayCreate) throws SysfsException {
    if (dev.bus() == null) {
      throw new SysfsException(Errno.EINVAL, dev.devpath() + " is on no bus; only bus devices bind to drivers");
    }
    if (!mayCreate && dev.bus().driver(driverName) == null) {
      throw new SysfsException(Errno.ENODEV, "no driver '" + driverName + "' on bus " + dev.bus().busName());
    }
    if (dev.driver() != null) {
      throw new SysfsException(Errno.EBUSY, dev.devpath() + " is already bound to " + dev.driver().driverName());
    }
  }

  /** The driver {@code name} of {@code bus}, creating its directory if needed. */
  Driver getOrCreateDriver(BusType bus, String name, DriverCore core, UndoLog undo) throws SysfsException {
    Driver d = bus.driver(name);
    if (d != null) {
      return d;
    }
    if (name.isEmpty() || name.contains("/")) {
      throw new SysfsException(Errno.EINVAL, "bad driver name '" + name + "'");
    }
    d = new Driver(name, bus);
    KernfsDir dir = undo.created(kernfs.mkdir(bus.driversDir(), name, 0755));
    d.setSd(dir);
    d.setParent(bus.driversKset());
    d.setKset(bus.driversKset());
    kernfs.createFile(dir, "bind", 0200, new DriverBindAttribute(core, d, true));
    kernfs.createFile(dir, "unbind", 0200, new DriverBindAttribute(core, d, false));
    kernfs.createFile(dir, "uevent", 0200, new UeventAttribute(engine, false), d);
    bus.putDriver(d);
    undo.onUndo(() -> bus.removeDriver(name));
    core.modules().addDriver(d, undo);
    return d;
  }

  /** {@code driver_bound()}'s links; every step is recorded in {@code undo}. */
  void linkDriver(Device dev, Driver drv, UndoLog undo) throws SysfsException {
    undo.created(kernfs.symlink(drv.sd(), dev.name(), dev.sd()));
    undo.created(kernfs.symlink(dev.sd(), "driver", drv.sd()));
    dev.setDriver(drv);
    undo.onUndo(() -> dev.setDriver(null));
  }

  void unlinkDriver(Device dev) {
    Driver drv = dev.driver();
    if (drv == null) {
      return;
    }
    kernfs.removeIfPresent(dev.sd(), "driver");
    KernfsNode l = drv.sd().child(dev.name());
    if (l instanceof KernfsLink link && link.target() == dev.sd()) {
      kernfs.remove(l);
    }
    dev.setDriver(null);
  }

  // ---- rename ----

  /**
   * {@code device_rename()}: the directory and every link carrying the name follow; a net
   * device's INTERFACE follows too. EEXIST when the name is taken anywhere it would appear.
   */
  void rename(Device dev, String newName) throws SysfsException {
    if (newName.isEmpty() || newName.contains("/") || newName.equals(".") || newName.equals("..")
        || newName.indexOf('\0') >= 0 || newName.length() > 255) {
      throw new SysfsException(Errno.EINVAL, "bad device name '" + newName + "'");
    }
    String oldName = dev.name();
    KernfsDir parentDir = dev.sd().parent();
    boolean disk = dev.devClass() != null && dev.devClass().isBlock() && !dev.isPartition();
    if (parentDir.child(newName) != null
        || (dev.devClass() != null && dev.devClass().dir().child(newName) != null)
        || (dev.bus() != null && dev.bus().devicesDir().child(newName) != null)
        || (disk && top.block.child(newName) != null)) {
      throw new SysfsException(Errno.EEXIST, "a device called '" + newName + "' already exists");
    }
    if (dev.devClass() != null) {
      renameLink(dev.devClass().dir(), oldName, newName);
    }
    if (dev.bus() != null) {
      renameLink(dev.bus().devicesDir(), oldName, newName);
    }
    if (disk) {
      renameLink(top.block, oldName, newName);
    }
    if (dev.driver() != null) {
      renameLink(dev.driver().sd(), oldName, newName);
    }
    kernfs.rename(dev.sd(), parentDir, newName);
    dev.replaceUeventVar("INTERFACE=" + oldName, "INTERFACE=" + newName);
  }

  private void renameLink(KernfsDir dir, String oldName, String newName) throws SysfsException {
    KernfsNode n = dir.child(oldName);
    if (n != null) {
      kernfs.rename(n, dir, newName);
    }
  }

  // ---- removal ----

  /** device_del steps 1-2: /sys/dev link, {@code dev}, class links and every attribute. */
  void removeDevtAndClassLinks(Device dev) {
    KernfsDir dir = dev.sd();
    if (dev.devNode() != null) {
      removeLinkTo(devDir(dev), dev.devt().toString(), dir);
    }
    if (dev.devClass() != null) {
      removeLinkTo(dev.devClass().dir(), dev.name(), dir);
      removeLinkTo(top.block, dev.name(), dir);
      kernfs.removeIfPresent(dir, "subsystem");
    }
    for (KernfsNode n : dir.children()) { // the device link goes here too
      boolean childDevice = n instanceof KernfsDir d && d.owner() != null;
      boolean kept = n instanceof KernfsLink && (n.name().equals("driver") || n.name().equals("subsystem"));
      if (!childDevice && !kept) {
        kernfs.remove(n);
      }
    }
  }

  /** device_del step 3, after the driver is released: the bus links. */
  void removeBusLinks(Device dev) {
    if (dev.bus() != null) {
      removeLinkTo(dev.bus().devicesDir(), dev.name(), dev.sd());
      kernfs.removeIfPresent(dev.sd(), "subsystem");
    }
  }

  /** device_del step 5: the directory, and glue directories left empty above it. */
  void removeDirectory(Device dev) {
    KernfsDir parentDir = dev.sd().parent();
    kernfs.remove(dev.sd());
    for (KernfsDir d = parentDir; d != null && d != top.devices; ) {
      if (d.owner() == null || d.owner() instanceof Device || !d.isEmpty()) {
        break;
      }
      KernfsDir up = d.parent();
      kernfs.remove(d);
      d = up;
    }
  }

  private void removeLinkTo(KernfsDir dir, String name, KernfsNode target) {
    KernfsNode n = dir.child(name);
    if (n instanceof KernfsLink l && l.target() == target) {
      kernfs.remove(n);
    }
  }
}
